package http

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"lotledger"
)

// userHeader names the acting user until real accounts exist.
const userHeader = "X-Lotledger-User"

// requestIDHeader carries a caller's request id, echoed in the response and
// the log so that one request can be followed across systems.
const requestIDHeader = "X-Request-Id"

// requestInfo is what the middleware learns about a request while handlers
// run: its id, and the error code a handler answered with.
type requestInfo struct {
	id   string
	code string
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(infoKey{}).(*requestInfo)
	return info
}

func requestIDFrom(ctx context.Context) string {
	if info := infoFrom(ctx); info != nil {
		return info.id
	}
	return ""
}

// middleware wraps next with, from the outside in: request id and user,
// logging and metrics, panic recovery. It reads r.Pattern from the request it
// passed down, which ServeMux fills in when it routes.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{id: requestID(r.Header.Get(requestIDHeader))}
		user, userErr := userOf(r.Header.Get(userHeader))
		ctx := context.WithValue(r.Context(), infoKey{}, info)
		ctx = lotledger.WithUser(ctx, user)
		r = r.WithContext(ctx)

		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set(requestIDHeader, info.id)
		if userErr != nil {
			s.writeError(sw, r, userErr)
		} else {
			s.recoverPanic(next).ServeHTTP(sw, r)
		}

		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		elapsed := time.Since(start)
		s.metrics.observe(r.Method, route, sw.code(), elapsed)
		s.logRequest(r, route, sw, user, info, elapsed)
	})
}

// logRequest writes the one structured log line of a request.
func (s *Server) logRequest(r *http.Request, route string, sw *statusWriter, user string, info *requestInfo, d time.Duration) {
	level := slog.LevelInfo
	if sw.code() >= 500 {
		level = slog.LevelError
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("route", route),
		slog.Int("status", sw.code()),
		slog.Int64("bytes", sw.bytes),
		slog.Duration("duration", d),
		slog.String("user", user),
		slog.String("request_id", info.id),
	}
	if info.code != "" {
		attrs = append(attrs, slog.String("code", info.code))
	}
	s.log.LogAttrs(r.Context(), level, "http request", attrs...)
}

// recoverPanic turns a panic in a handler into a logged 500 problem, so that
// one bad request neither kills the connection silently nor the process.
func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // the handler asked to abort the connection
			}
			err := fmt.Errorf("panic: %v\n%s", v, debug.Stack())
			if sw, ok := w.(*statusWriter); ok && sw.status != 0 {
				s.log.ErrorContext(r.Context(), "panic after response started", "err", err)
				return
			}
			s.writeError(w, r, err)
		}()
		next.ServeHTTP(w, r)
	})
}

// requestID keeps a caller's id when it is short and printable, else makes one.
func requestID(given string) string {
	if given != "" && len(given) <= 128 && printable(given) {
		return given
	}
	return randomHex(12)
}

// randomHex is n random bytes in hex: request ids, WebSocket
// subscriptions' ids.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// userOf reads the acting user from its header; missing means anonymous.
func userOf(h string) (string, error) {
	h = strings.TrimSpace(h)
	if h == "" {
		return "anonymous", nil
	}
	if len(h) > 200 || !printable(h) {
		return "", lotledger.Errorf(lotledger.EINVALID, userHeader,
			"%s must be at most 200 printable characters", userHeader)
	}
	return h, nil
}

func printable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// code is the status sent, 200 when the handler wrote nothing.
func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}
