package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Webhook headers: when the body was signed, and the signature over that
// time and the body.
const (
	HeaderTimestamp = "X-Lotledger-Timestamp"
	HeaderSignature = "X-Lotledger-Signature"
	HeaderNotice    = "X-Lotledger-Notice"
)

// DefaultTolerance is how old a webhook's timestamp may be before Verify
// refuses it: a captured request replayed later fails.
const DefaultTolerance = 5 * time.Minute

// Signer derives every secret from the one server key, so that nothing
// secret needs storing per party or per notice: a party's webhook secret is
// HMAC(key, "party-secret:"+code) and an acknowledgement link carries
// HMAC(key, "ack:"+notice id). The prefixes keep the two uses apart.
// Changing the key changes every party's secret and voids unsent links.
type Signer struct {
	key []byte
}

// NewSigner returns a Signer over the server key; an empty key signs
// nothing and accepts no link.
func NewSigner(key []byte) Signer { return Signer{key: append([]byte(nil), key...)} }

// Ready reports whether the Signer has a key.
func (s Signer) Ready() bool { return len(s.key) > 0 }

func (s Signer) mac(purpose, v string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(purpose + ":" + v))
	return hex.EncodeToString(m.Sum(nil))
}

// PartySecret is the secret a party's webhook notices are signed with. The
// party is told it out of band (lotledger notice-secret PARTY) and keeps it.
func (s Signer) PartySecret(party string) string { return s.mac("party-secret", party) }

// AckSignature is the signature an acknowledgement link carries for notice id.
func (s Signer) AckSignature(id string) string { return s.mac("ack", id) }

// ValidAckLink reports whether sig is the signature of notice id's
// acknowledgement link. It compares in constant time.
func (s Signer) ValidAckLink(id, sig string) bool {
	return s.Ready() && hmac.Equal([]byte(sig), []byte(s.AckSignature(id)))
}

// AckURL is the acknowledgement link of notice id under the server's public
// base URL.
func (s Signer) AckURL(base, id string) string {
	return strings.TrimRight(base, "/") + "/ack/" + url.PathEscape(id) + "?sig=" + s.AckSignature(id)
}

// Sign returns the two header values that sign body at time t with a
// party's secret: the unix time, and "sha256=" and the hex HMAC-SHA256 of
// "<unix time>.<body>". Signing the time with the body is what makes a
// replay detectable.
func Sign(secret string, t time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(t.Unix(), 10)
	return timestamp, "sha256=" + hex.EncodeToString(signedMAC(secret, timestamp, body))
}

func signedMAC(secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp + "."))
	m.Write(body)
	return m.Sum(nil)
}

// Errors Verify returns.
var (
	ErrBadSignature = errors.New("webhook signature does not match")
	ErrStale        = errors.New("webhook timestamp is outside the tolerance")
)

// Verify checks a webhook as a receiver must: the signature header is the
// HMAC-SHA256 of "<timestamp>.<body>" under the party's secret, and the
// timestamp is within tolerance of now (DefaultTolerance when zero), in
// either direction. Receivers should also drop a notice id they have seen.
func Verify(secret, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q is not unix seconds", ErrStale, timestamp)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: signed %s ago", ErrStale, d.Round(time.Second))
	}
	got, err := hex.DecodeString(strings.TrimPrefix(signature, "sha256="))
	if err != nil || !strings.HasPrefix(signature, "sha256=") {
		return fmt.Errorf("%w: want sha256=<hex>", ErrBadSignature)
	}
	if !hmac.Equal(got, signedMAC(secret, timestamp, body)) {
		return ErrBadSignature
	}
	return nil
}
