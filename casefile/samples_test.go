package casefile

import (
	"fmt"
	"time"

	"github.com/county/emessage"
)

// samples are a sentence in each language of SPEC section 18, as a worker
// or a customer would write it.
var samples = []struct{ lang, text string }{
	{"en", "Your interview is on Monday"},
	{"es", "Su entrevista es el lunes"},
	{"ar", "موعد المقابلة يوم الاثنين"},
	{"hy", "Ձեր հարցազրույցը երկուշաբթի է"},
	{"km", "ការសម្ភាសន៍របស់អ្នកគឺនៅថ្ងៃច័ន្ទ"},
	{"zh-Hant", "您的面談在星期一"},
	{"zh-Hans", "您的面谈在星期一"},
	{"fa", "مصاحبه شما روز دوشنبه است"},
	{"hi", "आपका साक्षात्कार सोमवार को है"},
	{"hmn", "Koj qhov kev xam phaj yog hnub Monday"},
	{"ja", "面接は月曜日です"},
	{"ko", "면접은 월요일입니다"},
	{"lo", "ການສໍາພາດຂອງທ່ານແມ່ນວັນຈັນ"},
	{"pa", "ਤੁਹਾਡੀ ਇੰਟਰਵਿਊ ਸੋਮਵਾਰ ਨੂੰ ਹੈ"},
	{"ru", "Ваше собеседование в понедельник"},
	{"tl", "Ang iyong panayam ay sa Lunes"},
	{"th", "การสัมภาษณ์ของคุณคือวันจันทร์"},
	{"uk", "Ваша співбесіда в понеділок"},
	{"vi", "Cuộc phỏng vấn của bạn vào thứ Hai"},
}

var day0 = time.Date(2026, 11, 2, 17, 4, 5, 0, time.UTC)

// sampleExport is a case of county Alameda with n records, the first 19
// in the languages of samples (then in English), alternately the worker's
// and the customer's, each with a history.
func sampleExport(n int) *emessage.CaseExport {
	loc, _ := time.LoadLocation("America/Los_Angeles")
	x := &emessage.CaseExport{
		Case:        &emessage.Case{ID: 1, Number: "B1234567", County: "01"},
		County:      &emessage.County{Code: "01", Name: "Alameda"},
		GeneratedAt: day0.AddDate(0, 1, 0),
		GeneratedBy: "Wanda Worker (wanda)",
		Location:    loc,
	}
	for i := range n {
		s := samples[i%len(samples)]
		if i >= len(samples) {
			s = samples[0]
		}
		at := day0.Add(time.Duration(i) * time.Hour)
		m := &emessage.Message{
			ID: fmt.Sprintf("01J%023d", i), ThreadID: "01J00000000000000000000000", CaseNumber: "B1234567",
			PersonName: "Ana Alvarez", Program: "CF", Type: emessage.TypeMessage,
			Subject:   fmt.Sprintf("R%03d %s: %s", i+1, s.lang, s.text),
			Body:      s.text + ". " + s.text + "? (" + s.lang + ")\nA second paragraph: 12/04/2026, 10:30.",
			CreatedAt: at, UpdatedAt: at,
		}
		r := emessage.ExportRecord{Message: m}
		if i%2 == 0 {
			m.Direction, m.Status, m.AuthorKind, m.AuthorUsername = emessage.ToCustomer, emessage.StatusSent, "worker", "wanda"
			r.History = []emessage.HistoryEntry{{Status: emessage.StatusSent, At: at, ByKind: "worker", By: "wanda", ByName: "Wanda Worker"}}
			if i%4 == 0 {
				seen := at.Add(time.Hour)
				m.ViewedAt = &seen
			}
		} else {
			m.Direction, m.Status, m.AuthorKind = emessage.FromCustomer, emessage.StatusRead, "ssp"
			m.SeenBy = []emessage.Seen{{Username: "otto", Name: "Otto Other", At: at.Add(time.Minute)}}
			r.History = []emessage.HistoryEntry{
				{Status: emessage.StatusReceived, At: at, ByKind: "ssp", By: "ana"},
				{Status: emessage.StatusRead, At: at.Add(time.Minute), ByKind: "worker", By: "otto", ByName: "Otto Other"},
			}
		}
		x.Records = append(x.Records, r)
	}
	return x
}
