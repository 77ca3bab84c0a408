package web

import (
	"fmt"
	"time"
)

// The customer's pages speak the customer's language (R8): English or
// Spanish. The worker site is in English. This catalog holds the words of
// the customer's view of a message; the portal adds its own.
var catalog = map[string]map[string]string{
	"en": {
		"portal_name":    "Self-Service Portal",
		"messages":       "Messages",
		"from_you":       "From you",
		"from_county":    "From %s County",
		"upload_request": "Your county asks you to upload a document.",
		"view_request":   "Your county sent you a form to read: %s.",
		"due_by":         "Please respond by %s.",
		"upload_button":  "Upload document",
		"view_button":    "View document",
		"done":           "Done. Thank you.",
		"your_documents": "Documents you sent",
		"reply_label":    "Your answer",
		"reply_button":   "Send answer",
		"no_reply":       "This county does not take answers through the portal. Please call or visit your county office.",
	},
	"es": {
		"portal_name":    "Portal de Autoservicio",
		"messages":       "Mensajes",
		"from_you":       "De usted",
		"from_county":    "Del Condado de %s",
		"upload_request": "Su condado le pide que suba un documento.",
		"view_request":   "Su condado le envió un formulario para leer: %s.",
		"due_by":         "Por favor responda antes del %s.",
		"upload_button":  "Subir documento",
		"view_button":    "Ver documento",
		"done":           "Listo. Gracias.",
		"your_documents": "Documentos que usted envió",
		"reply_label":    "Su respuesta",
		"reply_button":   "Enviar respuesta",
		"no_reply":       "Este condado no recibe respuestas por el portal. Por favor llame o visite la oficina de su condado.",
	},
}

// translate returns the words of key in lang (English when either is
// unknown), with args put in their places.
func translate(lang, key string, args ...any) string {
	words, ok := catalog[lang][key]
	if !ok {
		words = catalog["en"][key]
	}
	if len(args) > 0 {
		return fmt.Sprintf(words, args...)
	}
	return words
}

var spanishMonths = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	"agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// customerDate writes a day the way the customer's language does.
func customerDate(lang string, t time.Time) string {
	if lang == "es" {
		return fmt.Sprintf("%d de %s de %d", t.Day(), spanishMonths[t.Month()-1], t.Year())
	}
	return t.Format("January 2, 2006")
}
