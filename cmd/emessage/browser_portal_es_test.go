package main

import (
	"strings"
	"testing"

	"github.com/county/emessage/internal/testrig"
)

// setUpSpanish: wanda writes to lucia in Spanish (a message, an upload
// action, a form to read); bea, of a one-way county, writes to her too.
func (w *portalWalk) setUpSpanish(t *testing.T) {
	lucia := func(m map[string]any) map[string]any {
		m["case_number"], m["person_id"] = "A0000004", "P1"
		return m
	}
	w.msg = send(t, w.wanda, lucia(map[string]any{"type": "message", "subject": "Su cita", "body": "Su cita es el lunes a las 10."}))
	w.upID = send(t, w.wanda, lucia(map[string]any{"type": "action", "action_type": "upload_document", "subject": "Envíe sus talones de pago",
		"body": "Por favor suba sus dos últimos talones de pago."}))
	w.viewID = send(t, w.wanda, lucia(map[string]any{"type": "action", "action_type": "view_document", "document_code": "CW2200",
		"subject": "Lea el formulario", "body": "Lea el formulario, por favor."}))
	w.oneWay = send(t, w.bea, map[string]any{"case_number": "B0000002", "person_id": "P1", "type": "message",
		"subject": "Aviso del condado", "body": "Llame a la oficina si tiene preguntas."})
}

// spanish walks the portal as lucia, whose account reads Spanish, from a
// sign-in page switched to Spanish: no English may show on any page.
func (w *portalWalk) spanish(t *testing.T) {
	b := w.use(t)
	b.open("/portal/login")
	b.waitFor("heading", "Sign in")
	b.click("link", "Español")
	b.waitURL("/portal/login?lang=es")
	b.waitFor("heading", "Iniciar sesión")
	b.noEnglish("sign-in")
	b.portalCheck("portal-es-login")
	b.fill("Nombre de usuario", "lucia")
	b.fill("Contraseña", "wrong password")
	b.click("button", "Iniciar sesión")
	b.waitFor("alert", "Hay un problema")
	if got := b.text("#username-error"); got != "El nombre de usuario o la contraseña no son correctos." {
		t.Fatalf("the refusal in Spanish: %q", got)
	}
	b.noEnglish("sign-in error")
	b.fill("Contraseña", fixturePassword)
	b.click("button", "Iniciar sesión")
	b.waitURL("/portal/")

	// Inbox.
	b.waitFor("heading", "Bandeja de entrada")
	b.noEnglish("inbox")
	if got := eval[string](b, `document.querySelector('a[href="/portal/messages/`+w.upID+`"] .portal-status').textContent`); !strings.HasPrefix(got, "Acción necesaria antes del ") {
		t.Fatalf("the upload action's status in Spanish: %q", got)
	}
	b.portalCheck("portal-es-inbox")

	// A message, and the answer.
	b.clickCSS(`a[href="/portal/messages/` + w.msg + `"]`)
	b.waitFor("heading", "Su cita")
	b.noEnglish("message")
	b.portalCheck("portal-es-message")
	b.fill("Su respuesta", "Gracias, allí estaré.")
	b.waitJS(`document.getElementById("body-count").textContent === "21 de 4000 caracteres usados"`)
	b.click("button", "Enviar respuesta")
	b.waitURL("/portal/messages/" + w.msg + "?done=replied")
	if got := b.text(".usa-alert--success"); got != "Su respuesta se envió al condado." {
		t.Fatalf("after the answer: %q", got)
	}
	b.noEnglish("message answered")

	// An upload refused, then done.
	b.open("/portal/messages/" + w.upID)
	b.waitFor("heading", "Envíe sus talones de pago")
	b.noEnglish("upload")
	b.fill("Su respuesta", "Aquí están mis talones.")
	b.setFiles("file", writeFile(t, "notas.pdf", []byte("solo unas notas")))
	b.click("button", "Subir documento")
	b.waitFor("alert", "Hay un problema")
	if got := b.text("#file-error"); !strings.Contains(got, "notas.pdf no es un archivo PDF, JPEG o PNG.") || !strings.Contains(got, "No se envió nada.") {
		t.Fatalf("the refusal in Spanish: %q", got)
	}
	if got := eval[string](b, `document.getElementById("body").value`); got != "Aquí están mis talones." {
		t.Fatalf("the answer typed is lost: %q", got)
	}
	b.noEnglish("upload refused")
	b.portalCheck("portal-es-upload-refused")
	b.setFiles("file", writeFile(t, "talon.pdf", testrig.PDF("talon")))
	b.click("button", "Subir documento")
	b.waitFor("status", "")
	b.noEnglish("upload done")
	if st := w.wanda.Do("GET", "/api/v1/messages/"+w.upID, nil).Want(t, 200).Str("status"); st != "action_completed" {
		t.Fatalf("the worker sees %s", st)
	}

	// A form to read.
	b.open("/portal/messages/" + w.viewID)
	b.waitFor("link", "Ver documento")
	b.noEnglish("form")
	b.portalCheck("portal-es-view-document")

	// A one-way county takes no answers: a sentence, no dead button.
	b.open("/portal/messages/" + w.oneWay)
	b.waitFor("heading", "Aviso del condado")
	if got := b.text(".portal-no-reply"); got != "Este condado no recibe respuestas por el portal. Por favor llame o visite la oficina de su condado." {
		t.Fatalf("one-way county: %q", got)
	}
	if eval[bool](b, `document.querySelector("textarea, button[type=submit]:not(.portal-lang):not(.portal-nav__button)") !== null`) {
		t.Fatal("a one-way county's message offers an answer box or a button")
	}
	b.noEnglish("one-way")
	b.portalCheck("portal-es-one-way")

	// A new message: the case to choose, the one-way county's not offered.
	b.click("link", "Mensaje nuevo")
	b.waitURL("/portal/messages/new")
	cases := eval[[]string](b, `[...document.getElementById("case_number").options].map(o => o.textContent.trim())`)
	if strings.Join(cases, "|") != "- Elija un caso -|Caso A0000004, Condado de Alameda|Caso A0000005, Condado de Alameda" {
		t.Fatalf("the cases offered: %q", cases)
	}
	b.noEnglish("new message")
	b.portalCheck("portal-es-new")
	b.fill("Asunto", "Cambio de domicilio")
	b.do(setBodyText(strings.Repeat("ñ", 4001)))
	b.waitJS(`document.getElementById("body-count").textContent === "1 carácter más del límite de 4000"`)
	b.click("button", "Enviar mensaje")
	b.waitFor("alert", "Hay un problema")
	if got := b.text(".error-summary"); !strings.Contains(got, "Elija uno de sus casos.") {
		t.Fatalf("no case chosen: %q", got)
	}
	b.choose("Caso", "Caso A0000005, Condado de Alameda")
	b.click("button", "Enviar mensaje")
	b.waitFor("alert", "Hay un problema")
	if got := b.text("#body-error"); got != "Su mensaje puede tener como máximo 4000 caracteres; tiene 4001." {
		t.Fatalf("a message too long: %q", got)
	}
	if got := eval[int](b, `[...document.getElementById("body").value].length`); got != 4001 {
		t.Fatalf("the message typed is not kept: %d characters", got)
	}
	b.noEnglish("new message error")
	b.portalCheck("portal-es-new-error")
	b.fill("Mensaje", "Me mudé a la calle Roble 12.")
	b.click("button", "Enviar mensaje")
	b.waitFor("status", "")
	if got := b.text(".usa-alert--success"); got != "Su mensaje se envió al condado." {
		t.Fatalf("after sending: %q", got)
	}
	b.noEnglish("new message sent")

	// Settings, another customer's message, signing out.
	b.click("link", "Configuración")
	b.waitFor("heading", "Configuración")
	b.noEnglish("settings")
	b.portalCheck("portal-es-settings")
	b.open("/portal/messages/" + w.carlMsg)
	b.waitFor("heading", "Página no encontrada")
	b.noEnglish("not found")
	b.portalCheck("portal-es-not-found")
	b.click("button", "Cerrar sesión")
	b.waitURL("/portal/login?signed_out=1")
	b.waitFor("heading", "Iniciar sesión")
	b.noEnglish("signed out")
}
