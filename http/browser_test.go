package http_test

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts headless Chromium for one test. Without Chromium the test
// is skipped, except in CI, where .ci/run installs it and it must run.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip("browser test skipped: install Debian's chromium (apt-get install -y chromium) to run it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.UserDataDir(t.TempDir()))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// TestPublicLot_RecallBannerInABrowser opens the consumer's page in real
// Chromium: the red recall banner shows for a recalled lot and not for
// another lot of the same product.
func TestPublicLot_RecallBannerInABrowser(t *testing.T) {
	ctx := browser(t)
	ts := MustServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/items", `{"sku":"PB-GTIN","name":"Creamy peanut butter 16 oz","uom":"EA","gtin":"00614141000036"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":[{"sku":"PB-GTIN","lot":"BAD","quantity":"5","expires":"2026-05-31"},{"sku":"PB-GTIN","lot":"GOOD","quantity":"5","expires":"2026-05-31"}]}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/recalls", `{"lots":[{"sku":"PB-GTIN","lot":"BAD"}],"reason":"Possible Salmonella"}`).want(t, 201, nil)

	page := func(path string) (headline string, banners int) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
		if _, err := chromedp.Run(ctx, chromedp.WaitVisible(chromedp.CSS(".verdict"))); err != nil {
			t.Fatalf("wait for the verdict on %s: %v", path, err)
		}
		headline, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".verdict h1")))
		if err != nil {
			t.Fatalf("read the verdict on %s: %v", path, err)
		}
		banners, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.verdict.recalled').length`))
		if err != nil {
			t.Fatalf("count banners on %s: %v", path, err)
		}
		return headline, banners
	}
	if headline, banners := page("/01/00614141000036/10/BAD?17=260531"); headline != "This lot is recalled" || banners != 1 {
		t.Fatalf("recalled lot: %q, %d banners", headline, banners)
	}
	if headline, banners := page("/01/00614141000036/10/GOOD"); headline != "No recall for this lot" || banners != 0 {
		t.Fatalf("clean lot: %q, %d banners", headline, banners)
	}
}
