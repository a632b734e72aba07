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
	h := http.Header{}
	ts, sig := Sign(w.signer.PartySecret(n.Customer), now, body)
	h.Set("User-Agent", "lotledger-notify/1")
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSignature, sig)
	h.Set(HeaderNotice, n.ID)
	return w.post(ctx, n.Address, body, h)
}

// post POSTs a JSON body with the given headers to url; any 2xx answer is
// acceptance.
func (w *webhooker) post(ctx context.Context, url string, body []byte, h http.Header) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	req.Header = h
	req.Header.Set("Content-Type", "application/json")
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
