package mail

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/county/emessage"
	"github.com/county/emessage/words"
)

//go:embed templates
var templateFS embed.FS

// The e-Notification is one text and one HTML template, whose words come
// from the customer's language's catalog (package words, keys email_*).
var (
	textTemplate = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/notification.txt"))
	htmlTemplate = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/notification.html"))
)

// notice is everything the templates see. It holds no case number, subject,
// body or name on purpose: the email travels in clear text (R7).
type notice struct {
	Lang      string
	Subject   string
	PortalURL string
}

// T returns the words of key in the notice's language.
func (n notice) T(key string, args ...any) string { return words.T(n.Lang, key, args...) }

// Dir is the writing direction of the notice's language.
func (n notice) Dir() string { return words.Dir(n.Lang) }

// Start is the side its lines start from, for mail programs that ignore dir.
func (n notice) Start() string {
	if n.Dir() == "rtl" {
		return "right"
	}
	return "left"
}

// PortalURL is the portal's address under baseURL.
func PortalURL(baseURL string) string {
	return strings.TrimRight(baseURL, "/") + "/portal/"
}

// NotificationEmail builds the e-Notification email for n in its account's
// language (English when the language is unknown): a short note that a new
// message is waiting, with the portal link, and nothing about the case. Its
// Message-ID is the notification's MailID and its date the time it was
// queued, so that every try of one notification is the same email.
func NotificationEmail(n emessage.Notification, from, baseURL string) (*Email, error) {
	lang := n.Language
	if !emessage.ValidLanguage(lang) {
		lang = "en"
	}
	data := notice{Lang: lang, PortalURL: PortalURL(baseURL)}
	data.Subject = data.T("email_subject")
	var text, html bytes.Buffer
	if err := textTemplate.ExecuteTemplate(&text, "text", data); err != nil {
		return nil, &PermanentError{err}
	}
	if err := htmlTemplate.ExecuteTemplate(&html, "html", data); err != nil {
		return nil, &PermanentError{err}
	}
	return &Email{
		MessageID: n.MailID,
		From:      from,
		To:        n.Email,
		Subject:   data.Subject,
		Text:      text.String(),
		HTML:      html.String(),
		Date:      n.CreatedAt,
	}, nil
}
