package demo

import (
	"time"

	"github.com/county/emessage"
)

// messages returns the demo's e-Messages as they were first written, over
// the last weeks: what a worker sent (Sent, New Action) and what a customer
// wrote (Received). What happened to them since, the customers' openings,
// uploads and forms, the workers' readings, answers and closings, is the
// story (story.go), played through the service's rules by Load.
func messages(now time.Time) []emessage.ImportMessage {
	h := time.Hour
	ago := func(d time.Duration) time.Time { return now.Add(-d).UTC().Truncate(time.Second) }
	day := func(days int) string { return now.AddDate(0, 0, days).Format(time.DateOnly) }

	sent := func(id, caseNo, person, author, subject, body string, at time.Time) emessage.ImportMessage {
		return emessage.ImportMessage{ID: id, CaseNumber: caseNo, PersonID: person, Direction: emessage.ToCustomer,
			Type: emessage.TypeMessage, Status: emessage.StatusSent, Author: author,
			Subject: subject, Body: body, CreatedAt: at}
	}
	action := func(id, caseNo, person, author string, kind emessage.ActionType, doc string,
		subject, body string, at time.Time, due string) emessage.ImportMessage {
		return emessage.ImportMessage{ID: id, CaseNumber: caseNo, PersonID: person, Direction: emessage.ToCustomer,
			Type: emessage.TypeAction, ActionType: kind, DocumentCode: doc, Status: emessage.StatusNewAction, Author: author,
			Subject: subject, Body: body, CreatedAt: at, DueDate: due}
	}
	received := func(id, caseNo, person string, subject, body string, at time.Time) emessage.ImportMessage {
		return emessage.ImportMessage{ID: id, CaseNumber: caseNo, PersonID: person, Direction: emessage.FromCustomer,
			Type: emessage.TypeMessage, Status: emessage.StatusReceived, Subject: subject, Body: body, CreatedAt: at}
	}
	const (
		upload = emessage.ActionUploadDocument
		view   = emessage.ActionViewDocument
	)

	about := func(program string, m emessage.ImportMessage) emessage.ImportMessage {
		m.Program = program
		return m
	}

	return []emessage.ImportMessage{
		// Maria Lopez, B1000001 (CalFresh with jdoe, Medi-Cal with mgarcia).
		sent("DEMO-0001", "B1000001", "P100011", "jdoe", "Welcome to e-Messages",
			"Hello Maria,\n\nYou can now get messages from the county here, and write to us too.\n\nJane Doe, Eligibility Worker", ago(34*24*h)),
		received("DEMO-0002", "B1000001", "P100011", "Change of address",
			"I moved last week. My new address is 1200 W 7th St, Apt 4, Los Angeles, CA 90017.", ago(20*24*h)),
		action("DEMO-0004", "B1000001", "P100011", "jdoe", view, "SAR7",
			"Please review your SAR 7 report",
			"Your SAR 7 Eligibility Status Report is attached. Please open it and check that it is right.", ago(10*24*h), day(0)),
		action("DEMO-0005", "B1000001", "P100011", "jdoe", upload, "",
			"Please upload your pay stubs",
			"Please upload your pay stubs for the last 30 days. A photo of each stub is fine.", ago(3*24*h), day(7)),
		received("DEMO-0006", "B1000001", "P100011", "Question about my CalFresh benefits",
			"My CalFresh amount went down this month. Can you tell me why?", ago(2*h)),
		// About Medi-Cal: mgarcia's program on this case, so it counts for
		// mgarcia, not for jdoe (SPEC section 11).
		about("MC", received("DEMO-0021", "B1000001", "P100011", "My Medi-Cal card",
			"I have not received my new Medi-Cal card. Could you send it again?", ago(5*h))),

		// Maria Lopez, B1000002 (pending CalWORKs with jdoe).
		action("DEMO-0007", "B1000002", "P100021", "jdoe", upload, "",
			"Proof of identity needed",
			"To finish your CalWORKs application we need a copy of a photo ID. Please upload it here.", ago(14*24*h), day(-4)),
		received("DEMO-0008", "B1000002", "P100021", "When will my application be decided?",
			"I applied for CalWORKs two weeks ago. When will I know if I am approved?", ago(6*24*h)),

		// Rosa Hernandez, B1000003 (Spanish; mgarcia).
		sent("DEMO-0009", "B1000003", "P100031", "mgarcia", "Su entrevista de CalFresh",
			"Hola Rosa:\n\nSu entrevista de CalFresh es el martes a las 10:00 por teléfono. La llamaremos al número que tenemos.\n\nMiguel García", ago(26*24*h)),
		action("DEMO-0010", "B1000003", "P100031", "mgarcia", view, "CW2200",
			"Solicitud de verificación",
			"Por favor, abra el formulario CW 2200 y revise los documentos que necesitamos.", ago(25*24*h), day(-15)),
		received("DEMO-0011", "B1000003", "P100031", "Cambio de horario de trabajo",
			"Ahora trabajo menos horas. ¿Tengo que enviar algo?", ago(15*24*h)),
		received("DEMO-0013", "B1000003", "P100031", "Pregunta sobre mi Medi-Cal",
			"¿Mi hijo Luis sigue teniendo Medi-Cal este año?", ago(8*24*h)),
		received("DEMO-0014", "B1000003", "P100031", "Pregunta sobre mi cita",
			"¿Puedo cambiar la hora de mi cita?", ago(20*h)),
		action("DEMO-0015", "B1000003", "P100031", "mgarcia", view, "MC210RV",
			"Renovación anual de Medi-Cal",
			"Es hora de renovar su Medi-Cal. Por favor, abra el formulario y revíselo.", ago(2*24*h), day(12)),

		// David Kim, B1000004 (jdoe; e-Notification off).
		action("DEMO-0016", "B1000004", "P100041", "jdoe", upload, "",
			"Please upload your lease",
			"Please upload a copy of your current lease or rental agreement.", ago(21*24*h), day(-11)),
		action("DEMO-0017", "B1000004", "P100041", "jdoe", upload, "",
			"Please upload your rent receipt",
			"Please upload this month's rent receipt so we can update your shelter costs.", ago(5*24*h), day(5)),

		// Ana Torres, B1000005 (discontinued: nothing more can be sent).
		sent("DEMO-0018", "B1000005", "P100051", "jdoe", "Your CalFresh case",
			"Your CalFresh case will be discontinued at the end of the month. See the notice of action for details.", ago(40*24*h)),

		// Sacramento: one-way county, Messages only.
		sent("DEMO-0019", "S2000001", "P200011", "swhite", "Your interview is scheduled",
			"Your CalFresh interview is on Thursday at 2:00 PM by phone.", ago(9*24*h)),
		sent("DEMO-0020", "S2000002", "P200021", "swhite", "We received your application",
			"We received your Medi-Cal application. We will write to you when it has been processed.", ago(2*24*h+5*h)),
	}
}
