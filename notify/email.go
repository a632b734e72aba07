package notify

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/wneessen/go-mail"

	"lotledger"
)

// SMTP is the mail server notices are sent through.
type SMTP struct {
	Addr     string // host:port
	From     string // the sender address customers see and reply to
	User     string // with Password: authenticate (the mechanism is discovered)
	Password string
	// TLS is "starttls" (the default: the server must offer STARTTLS),
	// "tls" (implicit TLS, usually port 465) or "none" (a relay on the same
	// host or network that speaks plain SMTP).
	TLS string
}

// Ready reports whether email can be sent at all.
func (s SMTP) Ready() bool { return s.Addr != "" && s.From != "" }

// mailer sends notices by email, one connection per notice: notices are
// few, and a fresh connection never fails on a server's idle timeout.
type mailer struct {
	cfg SMTP
}

func newMailer(cfg SMTP) *mailer { return &mailer{cfg: cfg} }

func (m *mailer) send(ctx context.Context, n lotledger.Notice, now time.Time) error {
	msg, err := noticeMessage(m.cfg.From, n, now)
	if err != nil {
		return err
	}
	c, err := m.client()
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("send email: %w", err)
	}
	return nil
}

func (m *mailer) client() (*mail.Client, error) {
	host, portText, err := net.SplitHostPort(m.cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("smtp address %q: %w", m.cfg.Addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return nil, fmt.Errorf("smtp address %q: port is not a number", m.cfg.Addr)
	}
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(30 * time.Second)}
	switch m.cfg.TLS {
	case "", "starttls":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		return nil, fmt.Errorf("smtp tls %q: want starttls, tls or none", m.cfg.TLS)
	}
	if m.cfg.User != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(m.cfg.User), mail.WithPassword(m.cfg.Password))
	}
	c, err := mail.NewClient(host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp client: %w", err)
	}
	return c, nil
}

// noticeMessage writes the notice as a plain-text email: read on any
// device, printed and filed, with nothing a mail filter would strip.
func noticeMessage(from string, n lotledger.Notice, now time.Time) (*mail.Msg, error) {
	msg := mail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("email sender %q: %w", from, err)
	}
	if err := msg.To(n.Address); err != nil {
		return nil, fmt.Errorf("email recipient %q: %w", n.Address, err)
	}
	msg.Subject(Subject(n.Content))
	msg.SetDateWithValue(now)
	msg.SetMessageIDWithValue(n.ID + "@lotledger") // the same notice sent twice has one id
	msg.SetGenHeader(mail.Header(HeaderNotice), n.ID)
	body, err := EmailBody(n.Content)
	if err != nil {
		return nil, err
	}
	msg.SetBodyString(mail.TypeTextPlain, body)
	return msg, nil
}

// Subject is the subject line of a notice's email.
func Subject(c *lotledger.NoticeContent) string {
	lots := "1 lot"
	if len(c.Lines) != 1 {
		lots = strconv.Itoa(len(c.Lines)) + " lots"
	}
	return fmt.Sprintf("RECALL %s: stop selling and using %s we delivered to you", c.Recall, lots)
}

var bodyTemplate = template.Must(template.New("notice").Funcs(template.FuncMap{
	"date": func(t time.Time) string { return t.UTC().Format("2006-01-02") },
	"join": strings.Join,
}).Parse(`PRODUCT RECALL {{.Recall}}

To {{.Name}} ({{.Customer}}),

We are recalling products we delivered to you.
Reason: {{.Reason}}

What you received:
{{range .Lines}}
  * {{.SKU}}, lot {{.Lot}}: {{.Quantity}}{{with .UOM}} {{.}}{{end}}
    shipped {{date .FirstShipped}}{{if ne (date .FirstShipped) (date .LastShipped)}} to {{date .LastShipped}}{{end}}
    {{- with .References}}, references {{join . ", "}}{{end}}
{{end}}
What to do:
{{.Action}}

Acknowledge this notice:
{{.AckURL}}

Notice {{.Notice}}, issued {{date .Issued}}.
`))

// EmailBody is the plain-text body of a notice's email.
func EmailBody(c *lotledger.NoticeContent) (string, error) {
	var b strings.Builder
	if err := bodyTemplate.Execute(&b, c); err != nil {
		return "", fmt.Errorf("write email body: %w", err)
	}
	return b.String(), nil
}
