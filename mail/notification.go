package mail

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/county/emessage"
)

//go:embed templates
var templateFS embed.FS

// notice is everything the templates see. It holds no case number, subject,
// body or name on purpose: the email travels in clear text (R7).
type notice struct {
	Subject   string
	PortalURL string
}

type language struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// languages holds the parsed templates by language code (R8).
var languages = func() map[string]language {
	m := map[string]language{}
	for _, lang := range emessage.Languages {
		m[lang] = language{
			text: texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/"+lang+".txt")),
			html: htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/"+lang+".html")),
		}
	}
	return m
}()

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
	lang, ok := languages[n.Language]
	if !ok {
		lang = languages["en"]
	}
	data := notice{PortalURL: PortalURL(baseURL)}
	var subject, text, html bytes.Buffer
	if err := lang.text.ExecuteTemplate(&subject, "subject", data); err != nil {
		return nil, &PermanentError{err}
	}
	data.Subject = subject.String()
	if err := lang.text.ExecuteTemplate(&text, "text", data); err != nil {
		return nil, &PermanentError{err}
	}
	if err := lang.html.ExecuteTemplate(&html, "html", data); err != nil {
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
