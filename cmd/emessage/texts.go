package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/county/emessage"
	"github.com/county/emessage/sms"
)

// checkSMS refuses --sms-* flags that cannot work: half of them, or a URL
// that is not http(s)://HOST. All unset is texts off.
func (c *config) checkSMS() error {
	f := c.SMS
	set := map[string]bool{"--sms-url": f.URL != "", "--sms-account": f.Account != "", "--sms-token": f.Token != "", "--sms-from": f.From != ""}
	var given, missing []string
	for _, name := range []string{"--sms-url", "--sms-account", "--sms-token", "--sms-from"} {
		if set[name] {
			given = append(given, name)
		} else {
			missing = append(missing, name)
		}
	}
	if len(given) == 0 {
		return nil
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s set but %s not: texts need all four --sms-* flags (or none, for no texts)",
			strings.Join(given, ", "), strings.Join(missing, ", "))
	}
	u, err := url.Parse(f.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("--sms-url %q is not a base address like https://api.twilio.com", redactURL(f.URL))
	}
	return nil
}

// startTexts starts the dispatcher that sends the texts, when --sms-url is
// set, and makes the service queue them; the service wakes it when a
// change queued one. Without --sms-url no text is queued (a county that
// sends none keeps no queue of them), and the log says so once.
func (s *serving) startTexts(ctx context.Context) error {
	if s.c.SMS.URL == "" {
		s.logger.Info("texts off: no --sms-url, so no text-message e-Notifications are queued or sent")
		return nil
	}
	client := &sms.Client{URL: s.c.SMS.URL, Account: s.c.SMS.Account, Token: s.c.SMS.Token, From: s.c.SMS.From,
		HTTP: sms.NewHTTPClient()}
	s.texts = &sms.Dispatcher{
		Store: s.store, Sender: client, BaseURL: s.baseURL, Location: s.loc, Lease: s.c.SMS.Lease,
		Logger: s.logger.With("component", "sms"),
	}
	s.textToken = s.c.SMS.Token
	s.svc.Texts = true
	s.svc.TextsQueued = s.texts.Wake
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); s.texts.Run(runCtx) }()
	s.onClose(func() { stop(); <-done })
	s.logger.Info("texts on", "sms_url", redactURL(s.c.SMS.URL), "from", s.c.SMS.From,
		"inbound", s.baseURL+"/api/v1/sms/inbound")
	return nil
}

// validTextSignature checks the provider's signature of an inbound text
// with --sms-token; nil when texts are off.
func (s *serving) validTextSignature() func(string, url.Values, string) bool {
	if s.textToken == "" {
		return nil
	}
	token := s.textToken
	return func(fullURL string, form url.Values, signature string) bool {
		return sms.ValidSignature(token, fullURL, form, signature)
	}
}

var (
	textsSentDesc = prometheus.NewDesc("emessage_texts_sent_total",
		"Text-message e-Notifications the SMS provider accepted since the process started.", nil, nil)
	textsRetriedDesc = prometheus.NewDesc("emessage_text_retries_total",
		"Failed tries to send a text (not 2xx, or no answer) since the process started, each to be tried again.", nil, nil)
	textsGivenUpDesc = prometheus.NewDesc("emessage_texts_given_up_total",
		"Texts given up after 72 hours of failed tries since the process started.", nil, nil)
	textsHeldDesc = prometheus.NewDesc("emessage_texts_held_total",
		"Texts put off to 08:00 because they fell due in the quiet hours (21:00-08:00), since the process started.", nil, nil)
	textsPendingDesc = prometheus.NewDesc("emessage_texts_pending",
		"Texts waiting to be sent (including those held for the morning and those waiting for a retry).", nil, nil)
	textsFailedDesc = prometheus.NewDesc("emessage_texts_failed",
		"Texts given up on, or called off by STOP.", nil, nil)
)

// textCollector reports the text dispatcher's counters and the queue,
// read from the store at each scrape (one query).
type textCollector struct {
	store emessage.TextStore
	d     *sms.Dispatcher
}

func (c textCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{textsSentDesc, textsRetriedDesc, textsGivenUpDesc, textsHeldDesc,
		textsPendingDesc, textsFailedDesc} {
		ch <- d
	}
}

func (c textCollector) Collect(ch chan<- prometheus.Metric) {
	n := &c.d.Counters
	ch <- prometheus.MustNewConstMetric(textsSentDesc, prometheus.CounterValue, float64(n.Sent.Load()))
	ch <- prometheus.MustNewConstMetric(textsRetriedDesc, prometheus.CounterValue, float64(n.Retried.Load()))
	ch <- prometheus.MustNewConstMetric(textsGivenUpDesc, prometheus.CounterValue, float64(n.Failed.Load()))
	ch <- prometheus.MustNewConstMetric(textsHeldDesc, prometheus.CounterValue, float64(n.Held.Load()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	pending, failed, err := c.store.TextCounts(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(textsPendingDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(textsPendingDesc, prometheus.GaugeValue, float64(pending))
	ch <- prometheus.MustNewConstMetric(textsFailedDesc, prometheus.GaugeValue, float64(failed))
}
