package main

import (
	"context"
	"time"

	"github.com/county/emessage"
	"github.com/county/emessage/sqlstore"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// newRegistry returns the Prometheus registry of the process: Go runtime and
// process metrics, the e-Notification queue read from the store at each
// scrape and, on SQLite, the writes and their group commits. The web
// handler adds its HTTP metrics.
func newRegistry(store emessage.NotificationStore) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		queueCollector{store},
	)
	if w, ok := store.(writeCounter); ok && w.Dialect() == "sqlite" {
		reg.MustRegister(writesCollector{w})
	}
	return reg
}

// writeCounter is a store that counts its writes and commits (sqlstore on
// SQLite; on PostgreSQL every write is its own commit).
type writeCounter interface {
	WriteStats() sqlstore.WriteStats
	Dialect() string
}

var (
	writesDesc = prometheus.NewDesc("emessage_store_writes_total",
		"Write transactions of requests committed (SQLite: several share a commit).", nil, nil)
	commitsDesc = prometheus.NewDesc("emessage_store_commits_total",
		"Commits of the SQLite writer; writes over commits is the writes per commit.", nil, nil)
)

// writesCollector reports the store's counts of writes and commits.
type writesCollector struct{ store writeCounter }

func (c writesCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- writesDesc
	ch <- commitsDesc
}

func (c writesCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.store.WriteStats()
	ch <- prometheus.MustNewConstMetric(writesDesc, prometheus.CounterValue, float64(st.Writes))
	ch <- prometheus.MustNewConstMetric(commitsDesc, prometheus.CounterValue, float64(st.Commits))
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
