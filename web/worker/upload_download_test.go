package worker_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
)

// TestUploadDownloadByType: a PNG the customer called pay-stub.html is
// linked from the Detail page by its opaque id and downloads as an
// attachment named pay-stub.png, of type image/png, never sniffed.
func TestUploadDownloadByType(t *testing.T) {
	h, rig := mustCountySiteRig(t)
	ctx := context.Background()
	c := mustSignIn(t, h, "jdoe")
	jdoe, maria := rig.MustLogin(t, "jdoe", "pw"), rig.MustLogin(t, "maria", "pw")
	m, err := rig.Service.SendMessage(ctx, jdoe, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
		Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Subject: "Pay stubs", Body: "Please upload."})
	if err != nil {
		t.Fatal(err)
	}
	var pic bytes.Buffer
	png.Encode(&pic, image.NewGray(image.Rect(0, 0, 4, 3)))
	_, ups, err := rig.Service.CustomerUpload(ctx, maria, m.ID, []emessage.UploadFile{{Name: "pay-stub.html", Data: pic.Bytes()}})
	if err != nil {
		t.Fatal(err)
	}
	rec := testrig.Browse(h, "GET", "/worker/messages/"+m.ID, nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	link := regexp.MustCompile(`href="(/worker/messages/[^"]+/uploads/([^"]+))" download>([^<]*)<`).FindStringSubmatch(rec.Body.String())
	if link == nil || link[2] != ups[0].PublicID || link[3] != "pay-stub.png" {
		t.Fatalf("download link %q, want one to %s named pay-stub.png", link, ups[0].PublicID)
	}
	rec = testrig.Browse(h, "GET", link[1], nil, c)
	testrig.MustStatus(t, rec, http.StatusOK)
	for k, want := range map[string]string{
		"Content-Type": "image/png", "X-Content-Type-Options": "nosniff",
		"Content-Disposition": "attachment; filename=pay-stub.png; filename*=UTF-8''pay-stub.png",
	} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !bytes.Equal(rec.Body.Bytes(), pic.Bytes()) {
		t.Error("the download is not the picture")
	}
	rec = testrig.Browse(h, "GET", strings.Replace(link[1], ups[0].PublicID, "1", 1), nil, c)
	testrig.MustStatus(t, rec, http.StatusNotFound)
}
