package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"lotledger"
)

// webhooker posts notices as signed JSON.
type webhooker struct {
	client *http.Client
	signer Signer
}

func newWebhooker(c *http.Client, s Signer) *webhooker {
	if c == nil {
		c = &http.Client{Timeout: DefaultWebhookTimeout}
	}
	// A redirect would turn the POST into a GET and lose the notice: treat
	// it as the answer, which fails the attempt with a clear error.
	copied := *c
	copied.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &webhooker{client: &copied, signer: s}
}

// send posts the notice's content; any 2xx answer is delivery.
func (w *webhooker) send(ctx context.Context, n lotledger.Notice, now time.Time) error {
	body, err := json.Marshal(n.Content)
	if err != nil {
		return fmt.Errorf("encode webhook: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.Address, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	ts, sig := Sign(w.signer.PartySecret(n.Customer), now, body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "lotledger-notify/1")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, sig)
	req.Header.Set(HeaderNotice, n.ID)
	res, err := w.client.Do(req)
	if err != nil {
		return fmt.Errorf("post webhook: %w", unwrapURLError(err))
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("webhook answered %s", res.Status)
	}
	return nil
}

// unwrapURLError drops the *url.Error wrapper, whose text repeats the URL
// (which may carry a token in its query) into the stored last_error.
func unwrapURLError(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}
