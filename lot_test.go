package lotledger_test

import (
	"strings"
	"testing"
	"time"

	"lotledger"
)

func TestExpandLotTemplate_Tokens(t *testing.T) {
	at := time.Date(2026, 2, 3, 10, 0, 0, 0, time.UTC)
	for tmpl, want := range map[string]string{
		"PB{YYMMDD}-{SEQ:3}":     "PB260203-007",
		"{SKU}/{YYYY}{JJJ}{SEQ}": "PB16/20260347",
		"L{YY}{MM}{DD}-{SEQ:5}":  "L260203-00007",
	} {
		got, err := lotledger.ExpandLotTemplate(tmpl, "PB16", at, 7)
		if err != nil || got != want {
			t.Errorf("%s: got %q %v, want %q", tmpl, got, err, want)
		}
	}
}

func TestExpandLotTemplate_RejectsTemplatesThatCannotBeUnique(t *testing.T) {
	for _, tmpl := range []string{"PB{YYMMDD}", "{SEQ:0}", "{NOPE}{SEQ}", "L{SEQ"} {
		if _, err := lotledger.ExpandLotTemplate(tmpl, "X", time.Now(), 1); err == nil {
			t.Errorf("%s accepted", tmpl)
		}
	}
}

func TestLot_EffectiveStatusExpiresByDate(t *testing.T) {
	l := lotledger.Lot{Status: lotledger.StatusReleased, Expires: "2026-03-01"}
	if got := l.EffectiveStatus("2026-03-01"); got != lotledger.StatusReleased {
		t.Errorf("on its expiry date: %s", got)
	}
	if got := l.EffectiveStatus("2026-03-02"); got != lotledger.StatusExpired {
		t.Errorf("the day after: %s", got)
	}
	l.Status = lotledger.StatusHold
	if got := l.EffectiveStatus("2027-01-01"); got != lotledger.StatusHold {
		t.Errorf("held: %s", got)
	}
}

func TestNormalizeGTIN_CheckDigits(t *testing.T) {
	for in, want := range map[string]string{"00614141000036": "00614141000036", "4006381333931": "04006381333931", "96385074": "00000096385074", "036000291452": "00036000291452"} {
		if got, err := lotledger.NormalizeGTIN(in); err != nil || got != want {
			t.Errorf("%s: %s %v", in, got, err)
		}
	}
	for _, in := range []string{"00614141000037", "4006381333932", "123", "0061414100003A"} {
		if _, err := lotledger.NormalizeGTIN(in); err == nil {
			t.Errorf("%s accepted", in)
		}
	}
}

func TestParseTime_RequiresAZone(t *testing.T) {
	if _, err := lotledger.ParseTime("time", "2026-03-01T10:00:00"); err == nil {
		t.Fatal("a time without a zone was accepted")
	} else if e := lotledger.AsError(err); e.Field != "time" {
		t.Fatalf("field %q", e.Field)
	}
	for in, want := range map[string]string{
		"2026-03-01T10:00:00": "has no time zone",
		"yesterday":           "is not an RFC 3339 time",
		"2026-03-01":          "is not an RFC 3339 time",
	} {
		if _, err := lotledger.ParseTime("time", in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v; want one saying it %s", in, err, want)
		}
	}
	got, err := lotledger.ParseTime("time", "2026-03-01T10:00:00-05:00")
	if err != nil || got.UTC().Hour() != 15 {
		t.Fatalf("%v %v", got, err)
	}
}

func TestItemValidate_Defaults(t *testing.T) {
	it := lotledger.Item{SKU: "PB16", Name: "Peanut butter", UOM: "EA"}
	if err := it.Validate(); err != nil || it.Tracking != "lot" || it.UnitDecimals() != 0 {
		t.Fatalf("%+v %v", it, err)
	}
	kg := lotledger.Item{SKU: "P", Name: "Peanuts", UOM: "KGM"}
	if kg.UnitDecimals() != 3 {
		t.Fatalf("KGM decimals %d", kg.UnitDecimals())
	}
	bad := lotledger.Item{SKU: "has space", Name: "x", UOM: "EA"}
	if e := lotledger.AsError(bad.Validate()); e == nil || e.Field != "sku" {
		t.Fatalf("sku with a space: %v", e)
	}
}
