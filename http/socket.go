package http

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/coder/websocket"

	"lotledger"
	"lotledger/epcis"
)

// A WebSocket subscription (the REST binding's GET /queries/{name}/events
// with Upgrade: websocket) is a subscription that lives as long as the
// connection: for a partner that cannot take webhooks, behind a firewall
// that lets only its own connections out. The server sends each report
// as a text message, an EPCISQueryDocument as a webhook would get it. Its
// place in the ledger is kept in memory: a partner that reconnects says
// where to start again with initialRecordTime.

// Socket settings: how often a stream looks for new events by default
// (Options.SocketPoll), and how long one report may take to write before
// the partner is given up on.
const (
	defaultSocketPoll  = time.Second
	socketWriteTimeout = 30 * time.Second
)

// socketParams are the query parameters a WebSocket subscription takes.
var socketParams = map[string]bool{"stream": true, "reportIfEmpty": true, "initialRecordTime": true,
	"second": true, "minute": true, "hour": true, "dayOfMonth": true, "month": true, "dayOfWeek": true}

// isWebSocket reports whether r asks to upgrade to a WebSocket.
func isWebSocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// socketSubscription reads a WebSocket subscription's settings from its
// query string: a stream unless a schedule field is given.
func socketSubscription(v url.Values, query string) (lotledger.EPCISSubscription, error) {
	sub := lotledger.EPCISSubscription{Query: query, Stream: true}
	for name := range v {
		if !socketParams[name] {
			return sub, lotledger.Errorf(lotledger.EINVALID, name, "%s is not a setting of a WebSocket subscription "+
				"(stream, reportIfEmpty, initialRecordTime, and the schedule's second, minute, hour, dayOfMonth, month, dayOfWeek)", name)
		}
	}
	sched := lotledger.EPCISSchedule{Second: v.Get("second"), Minute: v.Get("minute"), Hour: v.Get("hour"),
		DayOfMonth: v.Get("dayOfMonth"), Month: v.Get("month"), DayOfWeek: v.Get("dayOfWeek")}
	if sched != (lotledger.EPCISSchedule{}) {
		sub.Stream, sub.Schedule = false, &sched
	}
	for _, b := range []struct {
		name string
		to   *bool
	}{{"stream", &sub.Stream}, {"reportIfEmpty", &sub.ReportIfEmpty}} {
		if s := v.Get(b.name); s != "" {
			val, err := strconv.ParseBool(s)
			if err != nil {
				return sub, lotledger.Errorf(lotledger.EINVALID, b.name, "%s must be true or false, not %q", b.name, s)
			}
			*b.to = val
		}
	}
	if s := v.Get("initialRecordTime"); s != "" {
		t, err := lotledger.ParseTime("initialRecordTime", s)
		if err != nil {
			return sub, err
		}
		sub.InitialRecordTime = t
	}
	sub.ID = "WS-" + randomHex(8)
	return sub, sub.CheckTiming()
}

// subscribeSocket serves a WebSocket subscription to the named query q
// until the partner closes it or the server stops.
func (s *Server) subscribeSocket(w http.ResponseWriter, r *http.Request, q *lotledger.EPCISNamedQuery) {
	sub, err := socketSubscription(r.URL.Query(), q.Name)
	if err == nil {
		sub.After, err = s.queries.SubscriptionStart(r.Context(), sub.InitialRecordTime)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// The server's read and write timeouts were set on the connection for
	// this request; a subscription outlives them.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	if !s.socketStarts() {
		s.writeError(w, r, lotledger.Errorf(lotledger.EINTERNAL, "", "the server is stopping"))
		return
	}
	defer s.sockets.Done()
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return // Accept has answered the request
	}
	ctx := conn.CloseRead(r.Context()) // done when the partner closes
	err = s.serveSocket(ctx, conn, sub)
	var e *lotledger.Error
	switch {
	case errors.Is(err, errStopping):
		conn.Close(websocket.StatusGoingAway, "the server is stopping")
	case errors.As(err, &e) && e.Code == lotledger.ENOTFOUND:
		conn.Close(websocket.StatusNormalClosure, "the query was deleted")
	case err != nil && ctx.Err() == nil:
		s.log.Warn("websocket subscription ended", "subscription", sub.ID, "query", sub.Query, "err", err)
		conn.Close(websocket.StatusInternalError, "the subscription failed")
	default:
		conn.CloseNow()
	}
}

var errStopping = errors.New("server stopping")

// socketStarts counts a socket in, unless the server is stopping.
func (s *Server) socketStarts() bool {
	s.socketMu.Lock()
	defer s.socketMu.Unlock()
	if s.stopped {
		return false
	}
	s.sockets.Add(1)
	return true
}

// serveSocket sends sub's reports on conn, as the notify.Reporter sends a
// webhook's, moving sub along the ledger after each report is written.
func (s *Server) serveSocket(ctx context.Context, conn *websocket.Conn, sub lotledger.EPCISSubscription) error {
	due := time.Now()
	if sub.Schedule != nil {
		due = sub.DueAfter(due, false)
	}
	for {
		t := time.NewTimer(max(time.Until(due), 0))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-s.stopping:
			t.Stop()
			return errStopping
		case <-t.C:
		}
		events, through, more, err := s.queries.SubscriptionReport(ctx, sub, lotledger.EPCISMaxPerPage)
		if err != nil {
			return err
		}
		now := time.Now()
		if len(events) > 0 || sub.ReportIfEmpty { // only a schedule may report empty
			body, err := epcis.QueryDocument(sub.Query, sub.ID, epcis.DigitalLinkEvents(events), now)
			if err != nil {
				return err
			}
			wctx, cancel := context.WithTimeout(ctx, socketWriteTimeout)
			err = conn.Write(wctx, websocket.MessageText, body)
			cancel()
			if err != nil {
				return err
			}
		}
		sub.After = through
		switch {
		case more:
			due = now
		case sub.Schedule != nil:
			due = sub.DueAfter(now, false)
		default:
			due = now.Add(s.socketPoll)
		}
	}
}
