// Package http serves lotledger's REST API under /api/v1: JSON in and out,
// RFC 9457 problem+json errors with the domain's error codes, an OpenAPI 3.1
// description at /api/openapi.json with a readable page at /api/docs,
// Prometheus metrics at /metrics and a health check at /healthz.
//
// Routing uses only net/http's ServeMux method and path patterns. Every
// request passes through one middleware chain that names the acting user,
// tags the request with an id, recovers panics, logs and counts it.
package http

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"lotledger"
	"lotledger/epcis"
)

// DefaultMaxBodyBytes bounds a request body when Options.MaxBodyBytes is zero.
const DefaultMaxBodyBytes = 1 << 20

// Server timeouts. ReadTimeout covers the body too, so it is generous enough
// for a 1 MiB body on a slow link; WriteTimeout bounds the slowest list page.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	shutdownTimeout   = 15 * time.Second
)

// Options configures a Server. The zero value is usable.
type Options struct {
	// Logger receives the request log and internal errors; nil discards them.
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// EPCIS answers the EPCIS 2.0 query routes; nil makes them answer 501.
	EPCIS EPCIS
	// Capture applies EPCIS documents (POST /epcis/capture) with
	// CaptureOptions; nil makes the capture routes answer 501.
	Capture        Capturer
	CaptureOptions epcis.CaptureOptions
	// Notices acknowledges recall notices (POST /api/v1/notices/{id}/ack,
	// GET /ack/{id}); nil makes those routes answer 501.
	Notices Notices
	// Queries keeps EPCIS named queries and subscriptions (/epcis/queries);
	// nil makes those routes answer 501.
	Queries Queries
	// SocketPoll is how often a WebSocket subscription's stream looks for
	// new events; 0 means a second.
	SocketPoll time.Duration
}

// Server is lotledger's HTTP API over a Ledger.
type Server struct {
	ledger     lotledger.Ledger
	epcis      EPCIS
	capture    Capturer
	captureOpt epcis.CaptureOptions
	notices    Notices
	queries    Queries
	sockets    sync.WaitGroup // WebSocket subscriptions being served
	socketMu   sync.Mutex     // orders a socket's start against stopping
	stopping   chan struct{}  // closed when Serve stops: sockets close
	stopped    bool
	socketPoll time.Duration
	log        *slog.Logger
	maxBody    int64
	metrics    *metrics
	mux        *http.ServeMux
	routes     []string // registered patterns, in registration order
	handler    http.Handler
}

// NewServer returns a Server that answers from l.
func NewServer(l lotledger.Ledger, opt Options) *Server {
	s := &Server{
		ledger:     l,
		epcis:      opt.EPCIS,
		capture:    opt.Capture,
		captureOpt: opt.CaptureOptions,
		notices:    opt.Notices,
		queries:    opt.Queries,
		stopping:   make(chan struct{}),
		socketPoll: opt.SocketPoll,
		log:        opt.Logger,
		maxBody:    opt.MaxBodyBytes,
		metrics:    newMetrics(),
		mux:        http.NewServeMux(),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if s.socketPoll <= 0 {
		s.socketPoll = defaultSocketPoll
	}
	s.registerRoutes()
	s.handler = s.middleware(http.HandlerFunc(s.dispatch))
	return s
}

// Handler returns the whole API wrapped in the logging, metrics and recovery
// middleware.
func (s *Server) Handler() http.Handler { return s.handler }

// Routes returns the ServeMux patterns the server registered, such as
// "POST /api/v1/items".
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

// handle registers one route and remembers its pattern for Routes.
func (s *Server) handle(pattern string, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, h)
	s.routes = append(s.routes, pattern)
}

// registerRoutes lists every route of the API in one place.
func (s *Server) registerRoutes() {
	s.handle("GET /healthz", s.handleHealth)
	s.handle("GET /metrics", s.metrics.handler().ServeHTTP)
	s.handle("GET /api/openapi.json", s.handleOpenAPI)
	s.handle("GET /api/docs", s.handleDocs)

	s.handle("POST /api/v1/items", s.handleCreateItem)
	s.handle("GET /api/v1/items", s.handleItems)
	s.handle("GET /api/v1/items/{sku}", s.handleItem)
	s.handle("POST /api/v1/locations", s.handleCreateLocation)
	s.handle("GET /api/v1/locations", s.handleLocations)
	s.handle("POST /api/v1/parties", s.handleCreateParty)
	s.handle("GET /api/v1/parties", s.handleParties)

	s.handle("POST /api/v1/receipts", s.handleReceive)
	s.handle("POST /api/v1/shipments", s.handleShip)
	s.handle("POST /api/v1/transfers", s.handleTransfer)
	s.handle("POST /api/v1/transfers/{id}/arrival", s.handleArrival)
	s.handle("POST /api/v1/productions", s.handleProduce)
	s.handle("POST /api/v1/adjustments", s.handleAdjust)
	s.handle("POST /api/v1/disposals", s.handleDispose)
	s.handle("POST /api/v1/returns", s.handleReturn)
	s.handle("POST /api/v1/lots/{sku}/{lot}/status", s.handleStatus)

	s.handle("GET /api/v1/stock", s.handleStock)
	s.handle("GET /api/v1/lots", s.handleLots)
	s.handle("GET /api/v1/lots/{sku}/{lot}", s.handleLot)
	s.handle("GET /api/v1/events", s.handleEvents)
	s.handle("GET /api/v1/ledger/verify", s.handleVerify)

	s.handle("GET /api/v1/lots/{sku}/{lot}/trace", s.handleTrace)
	s.handle("GET /api/v1/lots/{sku}/{lot}/scope", s.handleScope)
	s.handle("POST /api/v1/recalls", s.handleStartRecall)
	s.handle("GET /api/v1/recalls", s.handleRecalls)
	s.handle("GET /01/{gtin}/10/{lot}", s.handlePublicLot)
	s.handle("GET /api/v1/recalls/{id}", s.handleRecall)
	s.handle("POST /api/v1/recalls/{id}/recoveries", s.handleRecovery)
	s.handle("POST /api/v1/recalls/{id}/close", s.handleCloseRecall)
	s.handle("POST /api/v1/notices/{id}/ack", s.handleAckNotice)
	s.handle("GET /ack/{id}", s.handleAckLink)
	s.handle("POST /epcis/capture", s.handleCapture)
	s.handle("GET /epcis/capture", s.handleCaptureJobs)
	s.handle("GET /epcis/capture/{captureID}", s.handleCaptureJob)
	s.handle("POST /api/v1/scan", s.handleScan)
	s.handle("GET /epcis/events", s.handleEPCISEvents)
	s.handle("POST /epcis/events", s.handleCaptureEvent)
	s.handle("GET /epcis/events/{eventID}", s.handleEPCISEvent)
	s.handle("GET /epcis", s.handleEPCISRoot)
	s.handle("GET /epcis/eventTypes", s.handleEventTypes)
	for _, res := range []string{"bizSteps", "dispositions", "readPoints", "bizLocations", "epcs"} {
		s.handle("GET /epcis/"+res, s.handleEPCISValues(res))
	}
	for _, res := range []string{"eventTypes", "bizSteps", "dispositions", "readPoints", "bizLocations", "epcs"} {
		s.handle("GET /epcis/"+res+"/{value}", s.handleSubResources)
		s.handle("GET /epcis/"+res+"/{value}/events", s.handleResourceEvents(res))
	}
	s.handle("POST /epcis/queries", s.handleSaveQuery)
	s.handle("GET /epcis/queries", s.handleQueries)
	s.handle("GET /epcis/queries/{queryName}", s.handleQuery)
	s.handle("DELETE /epcis/queries/{queryName}", s.handleDeleteQuery)
	s.handle("GET /epcis/queries/{queryName}/events", s.handleQueryEvents)
	s.handle("POST /epcis/queries/{queryName}/subscriptions", s.handleSubscribe)
	s.handle("GET /epcis/queries/{queryName}/subscriptions", s.handleSubscriptions)
	s.handle("GET /epcis/queries/{queryName}/subscriptions/{subscriptionID}", s.handleSubscription)
	s.handle("DELETE /epcis/queries/{queryName}/subscriptions/{subscriptionID}", s.handleUnsubscribe)
	s.handleEPCISOptions()
}

// handleEPCISOptions answers OPTIONS on every /epcis route (the REST
// binding's discovery), with the methods the path takes.
func (s *Server) handleEPCISOptions() {
	for _, path := range epcisPaths(s.routes) {
		s.handle("OPTIONS "+path.path, s.epcisOptions(path.allow, path.path == "/epcis/capture"))
	}
}

// epcisPath is a path of the /epcis routes and the Allow header of its
// OPTIONS.
type epcisPath struct{ path, allow string }

// epcisPaths lists the paths of the /epcis routes among patterns
// ("METHOD /path"), in order, each with its methods.
func epcisPaths(patterns []string) []epcisPath {
	methods := map[string][]string{}
	for _, p := range patterns {
		method, path, _ := strings.Cut(p, " ")
		if path == "/epcis" || strings.HasPrefix(path, "/epcis/") {
			methods[path] = append(methods[path], method)
		}
	}
	var out []epcisPath
	for _, path := range slices.Sorted(maps.Keys(methods)) {
		allow := []string{"OPTIONS"}
		for _, m := range []string{"GET", "POST", "DELETE"} {
			if slices.Contains(methods[path], m) {
				allow = append(allow, m)
			}
		}
		out = append(out, epcisPath{path, strings.Join(allow, ", ")})
	}
	return out
}

// dispatch sends a request to its route. ServeMux answers unknown paths and
// wrong methods in plain text; those are turned into problem+json here, with
// the Allow header ServeMux computed.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	if _, pattern := s.mux.Handler(r); pattern == "" {
		s.unrouted(w, r)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// unrouted answers a request that matches no route: 404, or 405 with Allow.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) {
	h, _ := s.mux.Handler(r)
	probe := &probeWriter{header: http.Header{}}
	h.ServeHTTP(probe, r)
	if probe.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", probe.header.Get("Allow"))
		s.writeError(w, r, lotledger.Errorf(codeMethodNotAllowed, "",
			"%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, probe.header.Get("Allow")))
		return
	}
	s.writeError(w, r, lotledger.Errorf(lotledger.ENOTFOUND, "", "no route for %s %s", r.Method, r.URL.Path))
}

// probeWriter records what ServeMux's fallback handler would answer.
type probeWriter struct {
	header http.Header
	status int
}

func (p *probeWriter) Header() http.Header         { return p.header }
func (p *probeWriter) Write(b []byte) (int, error) { return len(b), nil }
func (p *probeWriter) WriteHeader(status int)      { p.status = status }

// handleHealth answers 200 once the server can answer.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}

// ListenAndServe listens on addr and serves until ctx is cancelled, then
// shuts down gracefully.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is cancelled, then stops accepting, waits up
// to 15 seconds for requests in flight to finish and returns. It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("http server listening", "addr", ln.Addr().String())

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	// Shutdown does not wait for hijacked connections: WebSocket
	// subscriptions are told to close, and waited for.
	s.socketMu.Lock()
	if !s.stopped {
		s.stopped = true
		close(s.stopping)
	}
	s.socketMu.Unlock()
	socketsDone := make(chan struct{})
	go func() { s.sockets.Wait(); close(socketsDone) }()
	select {
	case <-socketsDone:
	case <-sctx.Done():
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	s.log.Info("http server stopped")
	return nil
}
