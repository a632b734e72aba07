package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics holds the server's Prometheus collectors in a registry of its own,
// so that two servers in one process (as in tests) never collide.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	events   *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lotledger_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status class.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lotledger_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method, route pattern and status class.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route", "status"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lotledger_events_recorded_total",
			Help: "Ledger events recorded through the API, by kind (replays not counted).",
		}, []string{"kind"}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.events,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe counts one answered request. The route is the ServeMux pattern, not
// the raw path, and the method is bounded, so label cardinality stays fixed.
func (m *metrics) observe(method, route string, status int, d time.Duration) {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
		http.MethodPatch, http.MethodDelete, http.MethodOptions:
	default:
		method = "OTHER"
	}
	class := strconv.Itoa(status/100) + "xx"
	m.requests.WithLabelValues(method, route, class).Inc()
	m.duration.WithLabelValues(method, route, class).Observe(d.Seconds())
}

// eventRecorded counts one new ledger event of kind.
func (m *metrics) eventRecorded(kind string) { m.events.WithLabelValues(kind).Inc() }

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
