package main

import (
	"context"
	"time"

	"github.com/county/emessage"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// newRegistry returns the Prometheus registry of the process: Go runtime and
// process metrics, and the e-Notification queue read from the store at
// each scrape. The web handler adds its HTTP metrics.
func newRegistry(store emessage.NotificationStore) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		queueCollector{store},
	)
	return reg
}

var (
	pendingDesc = prometheus.NewDesc("emessage_notifications_pending",
		"e-Notification emails waiting to be sent (including those waiting for a retry).", nil, nil)
	failedDesc = prometheus.NewDesc("emessage_notifications_failed",
		"e-Notification emails given up on.", nil, nil)
)

// queueCollector reports the e-Notification queue from one query per scrape.
type queueCollector struct {
	store emessage.NotificationStore
}

func (q queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- pendingDesc
	ch <- failedDesc
}

func (q queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	pending, failed, err := q.store.NotificationCounts(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(pendingDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(pendingDesc, prometheus.GaugeValue, float64(pending))
	ch <- prometheus.MustNewConstMetric(failedDesc, prometheus.GaugeValue, float64(failed))
}
