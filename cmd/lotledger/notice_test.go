package main

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"lotledger/notify"
)

func TestMain_NoticeSecretIsThePartysWebhookSecret(t *testing.T) {
	db := cliChain(t)
	out, err := runCLI(t, "", "notice-secret", "--db", db, "--notice-key", "k1", "S1")
	if want := notify.NewSigner([]byte("k1")).PartySecret("S1"); err != nil || strings.TrimSpace(out) != want {
		t.Fatalf("notice-secret: %v %q, want %q", err, out, want)
	}
	if _, err := runCLI(t, "", "notice-secret", "--db", db, "--notice-key", "k1", "NOBODY"); err == nil {
		t.Fatal("a secret was printed for an unknown party")
	}
	if _, err := runCLI(t, "", "notice-secret", "--db", db, "S1"); err == nil || !strings.Contains(err.Error(), "notice key") {
		t.Fatalf("without a key: %v", err)
	}
}

func TestMain_ServeQueuesNoticesAndTakesSignedAcknowledgements(t *testing.T) {
	db := cliChain(t)
	for _, c := range []struct{ cmd, body string }{
		{"party", `{"code":"S2","name":"Store two","kind":"customer","email":"buyer@s2.example"}`},
		{"ship", `{"from":"PLANT","customer":"S2","reference":"SO-2","lines":[{"sku":"PB","lot":"B1","quantity":"6"}]}`},
	} {
		if _, err := runCLI(t, c.body, c.cmd, "--db", db); err != nil {
			t.Fatalf("%s: %v", c.cmd, err)
		}
	}
	base := startServer(t, db, "--notice-key", "k1")
	rec := call(t, "POST", base+"/api/v1/recalls", `{"lots":[{"sku":"PEANUT","lot":"P1"}],"reason":"Salmonella"}`, 201)
	notices, _ := rec["notices"].([]any)
	if len(notices) != 1 {
		t.Fatalf("notices %v", rec["notices"])
	}
	id := notices[0].(map[string]any)["id"].(string)
	res, err := http.Get(notify.NewSigner([]byte("k1")).AckURL(base, id))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "Thank you") {
		t.Fatalf("ack link: %d %s", res.StatusCode, body)
	}
	got := call(t, "GET", base+"/api/v1/recalls/"+rec["id"].(string), "", 200)["notices"].([]any)[0].(map[string]any)
	if got["ack_by"] != "S2 (link in the notice)" || got["state"] != "pending" {
		t.Fatalf("notice %v (no SMTP server: it stays pending)", got)
	}
}
