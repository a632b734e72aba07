package notify_test

import (
	"io"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"lotledger"
	"lotledger/notify"
)

// mailbox is an SMTP server on loopback that keeps every message it is given.
type mailbox struct {
	mu   sync.Mutex
	msgs []message
}

type message struct {
	from string
	to   []string
	data string
}

// MustMailbox starts an SMTP server on a free loopback port.
func MustMailbox(t *testing.T) (*mailbox, string) {
	t.Helper()
	mb := &mailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{mb: mb}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return mb, ln.Addr().String()
}

func (mb *mailbox) messages() []message {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	return append([]message(nil), mb.msgs...)
}

// session is one SMTP conversation.
type session struct {
	mb  *mailbox
	msg message
}

func (s *session) Reset()        { s.msg = message{} }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.msg.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.to = append(s.msg.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.data = string(b)
	s.mb.mu.Lock()
	s.mb.msgs = append(s.mb.msgs, s.msg)
	s.mb.mu.Unlock()
	return nil
}

func TestEmail_DeliveredOverSMTPWithLotsAndAckLink(t *testing.T) {
	c := newClock()
	mb, addr := MustMailbox(t)
	s := MustOpen(t, filepath.Join(t.TempDir(), "l.db"), c)
	rec := MustRecall(t, s, "buyer@store1.example", "")
	d := notify.New(s, notify.Config{Key: key, BaseURL: "https://ledger.example.com/", Now: c.Now,
		SMTP: notify.SMTP{Addr: addr, From: "recalls@plant.example", TLS: "none"}})

	deliverDue(t, d, 1)

	msgs := mb.messages()
	if len(msgs) != 1 {
		t.Fatalf("mailbox holds %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	n := notice(t, s, rec.ID, lotledger.ChannelEmail)
	if m.from != "recalls@plant.example" || len(m.to) != 1 || m.to[0] != "buyer@store1.example" {
		t.Fatalf("envelope from %q to %v", m.from, m.to)
	}
	parsed, err := mail.ReadMessage(strings.NewReader(m.data))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := parsed.Header.Get("Subject"), "RECALL "+rec.ID+": stop selling and using 2 lots we delivered to you"; got != want {
		t.Errorf("subject %q, want %q", got, want)
	}
	if got, want := parsed.Header.Get("Message-ID"), "<"+n.ID+"@lotledger>"; got != want {
		t.Errorf("message id %q, want %q", got, want)
	}
	raw, err := io.ReadAll(quotedprintable.NewReader(parsed.Body))
	if err != nil {
		t.Fatal(err)
	}
	body := string(raw)
	for _, want := range []string{
		"PB16, lot PB-A: 12 EA", "PB16, lot PB-B: 12 EA", "shipped 2026-03-10", "references SO-PB-A",
		"Reason: Salmonella", "Stop selling and using the lots listed in this notice",
		"https://ledger.example.com/ack/" + n.ID + "?sig=" + notify.NewSigner(key).AckSignature(n.ID),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("email lacks %q:\n%s", want, body)
		}
	}
	if n.State != lotledger.NoticeDelivered {
		t.Fatalf("email notice %+v", n)
	}
}

func TestEmail_UnreachableServerIsRetried(t *testing.T) {
	c := newClock()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	s := MustOpen(t, filepath.Join(t.TempDir(), "l.db"), c)
	rec := MustRecall(t, s, "buyer@store1.example", "")
	d := notify.New(s, notify.Config{Key: key, Now: c.Now, SMTP: notify.SMTP{Addr: addr, From: "recalls@plant.example", TLS: "none"}})
	deliverDue(t, d, 0)
	if n := notice(t, s, rec.ID, lotledger.ChannelEmail); n.State != lotledger.NoticePending || n.Attempts != 1 || n.LastError == "" {
		t.Fatalf("email notice %+v", n)
	}
}
