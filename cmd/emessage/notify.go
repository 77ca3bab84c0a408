package main

import (
	"fmt"
	"os"

	"github.com/county/emessage/mail"
	"github.com/prometheus/client_golang/prometheus"
)

// newSender is where e-Notification emails go: the --smtp mail server, or
// .eml files under --mail-dir when --smtp is unset. It also returns where
// that is, for the log (never the password).
func newSender(c *config) (mail.Sender, string, error) {
	if c.SMTP == "" {
		return mail.DirSender{Dir: c.MailDir}, c.MailDir, nil
	}
	s, err := mail.ParseSMTPURL(c.SMTP)
	if err != nil {
		return nil, "", fmt.Errorf("--smtp: %v", err)
	}
	if host, err := os.Hostname(); err == nil && host != "" {
		s.LocalName = host
	}
	return s, s.String(), nil
}

var (
	sentDesc = prometheus.NewDesc("emessage_notifications_sent_total",
		"e-Notification emails the mail server accepted since the process started.", nil, nil)
	failuresDesc = prometheus.NewDesc("emessage_notification_failures_total",
		"Failed tries to send an e-Notification email since the process started, by kind: "+
			"temporary (tried again later) or permanent (refused, marked failed).", []string{"kind"}, nil)
)

// deliveryCollector reports the mail dispatcher's counters.
type deliveryCollector struct {
	c *mail.Counters
}

func (d deliveryCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- sentDesc
	ch <- failuresDesc
}

func (d deliveryCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(sentDesc, prometheus.CounterValue, float64(d.c.Sent.Load()))
	ch <- prometheus.MustNewConstMetric(failuresDesc, prometheus.CounterValue, float64(d.c.Temporary.Load()), "temporary")
	ch <- prometheus.MustNewConstMetric(failuresDesc, prometheus.CounterValue, float64(d.c.Permanent.Load()), "permanent")
}
