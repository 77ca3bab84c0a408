package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/county/emessage"
	"github.com/county/emessage/webhook"
)

// minWebhookSecret is the shortest --webhook-secret taken: a short secret
// could be guessed from a signed event.
const minWebhookSecret = 16

// checkWebhook refuses webhook flags that cannot work: a URL without a
// secret (the county could not tell our events from anyone's), a secret
// without a URL, or a URL that is not http(s)://HOST.
func (c *config) checkWebhook() error {
	switch {
	case c.WebhookURL == "" && c.WebhookSecret == "":
		return nil
	case c.WebhookURL == "":
		return fmt.Errorf("--webhook-secret is set but --webhook-url is not: set both, or neither")
	case c.WebhookSecret == "":
		return fmt.Errorf("--webhook-url is set but --webhook-secret is not: the county system needs the secret to check that events come from us (EMESSAGE_WEBHOOK_SECRET)")
	case len(c.WebhookSecret) < minWebhookSecret:
		return fmt.Errorf("--webhook-secret is %d characters; use at least %d (random, e.g. openssl rand -hex 32)",
			len(c.WebhookSecret), minWebhookSecret)
	}
	u, err := url.Parse(c.WebhookURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Fragment != "" {
		return fmt.Errorf("--webhook-url %q is not an address like https://county.example.gov/emessage-events", redactURL(c.WebhookURL))
	}
	return nil
}

// redactURL is a URL fit for the log: without a password, if one parses.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unreadable URL)"
	}
	return u.Redacted()
}

// startWebhooks starts the dispatcher that POSTs the webhook events, when
// --webhook-url is set, and makes the service queue them; the service
// wakes it when a change queued some. The demo data, loaded before, queues
// none.
func (s *serving) startWebhooks(ctx context.Context) error {
	if s.c.WebhookURL == "" {
		return nil
	}
	s.webhooks = &webhook.Dispatcher{
		Store: s.store, URL: s.c.WebhookURL, Secret: s.c.WebhookSecret, Lease: s.c.WebhookLease,
		Logger: s.logger.With("component", "webhook"),
	}
	s.svc.Events = true
	s.svc.EventsQueued = s.webhooks.Wake
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); s.webhooks.Run(runCtx) }()
	s.onClose(func() { stop(); <-done })
	if u, _ := url.Parse(s.c.WebhookURL); u.Scheme == "http" {
		s.logger.Warn("webhook events go unencrypted (http://); their signature keeps them from being forged, not from being read",
			"url", redactURL(s.c.WebhookURL))
	}
	s.logger.Info("webhooks on", "url", redactURL(s.c.WebhookURL))
	return nil
}

var (
	webhookDeliveredDesc = prometheus.NewDesc("emessage_webhooks_delivered_total",
		"Webhook events the county system answered 2xx since the process started.", nil, nil)
	webhookRetriedDesc = prometheus.NewDesc("emessage_webhook_retries_total",
		"Failed tries to deliver a webhook event (not 2xx, or no answer in 10 s) since the process started, each to be tried again.", nil, nil)
	webhookGivenUpDesc = prometheus.NewDesc("emessage_webhooks_given_up_total",
		"Webhook events given up after 72 hours of failed tries since the process started.", nil, nil)
	webhookPendingDesc = prometheus.NewDesc("emessage_webhooks_pending",
		"Webhook events waiting to be delivered (including those waiting for a retry).", nil, nil)
	webhookFailedDesc = prometheus.NewDesc("emessage_webhooks_failed",
		"Webhook events given up on.", nil, nil)
	webhookOldestDesc = prometheus.NewDesc("emessage_webhooks_oldest_pending_seconds",
		"How long the oldest waiting webhook event has waited (0 when none waits).", nil, nil)
)

// webhookCollector reports the webhook dispatcher's counters and the
// outbox, read from the store at each scrape (one query).
type webhookCollector struct {
	store emessage.WebhookStore
	d     *webhook.Dispatcher
}

func (w webhookCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{webhookDeliveredDesc, webhookRetriedDesc, webhookGivenUpDesc,
		webhookPendingDesc, webhookFailedDesc, webhookOldestDesc} {
		ch <- d
	}
}

func (w webhookCollector) Collect(ch chan<- prometheus.Metric) {
	c := &w.d.Counters
	ch <- prometheus.MustNewConstMetric(webhookDeliveredDesc, prometheus.CounterValue, float64(c.Delivered.Load()))
	ch <- prometheus.MustNewConstMetric(webhookRetriedDesc, prometheus.CounterValue, float64(c.Retried.Load()))
	ch <- prometheus.MustNewConstMetric(webhookGivenUpDesc, prometheus.CounterValue, float64(c.Failed.Load()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	q, err := w.store.WebhookCounts(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(webhookPendingDesc, err)
		return
	}
	var oldest float64
	if !q.OldestPending.IsZero() {
		oldest = max(time.Since(q.OldestPending).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(webhookPendingDesc, prometheus.GaugeValue, float64(q.Pending))
	ch <- prometheus.MustNewConstMetric(webhookFailedDesc, prometheus.GaugeValue, float64(q.Failed))
	ch <- prometheus.MustNewConstMetric(webhookOldestDesc, prometheus.GaugeValue, oldest)
}
