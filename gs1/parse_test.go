package gs1

import (
	"errors"
	"testing"
)

func TestParse_EveryFormGivesTheSameAIs(t *testing.T) {
	want := "(01)09520123456788(10)ABC123(17)261231"
	for _, in := range []string{
		want,
		"^010952012345678810ABC123^17261231",
		"\x1d010952012345678810ABC123\x1d17261231",
		"010952012345678810ABC123\x1d17261231",
		"]C1010952012345678810ABC123\x1d17261231",
		"]d2010952012345678810ABC123\x1d17261231",
		"https://example.com/01/09520123456788/10/ABC123?17=261231",
		"]Q1https://id.gs1.org/01/09520123456788/10/ABC123?17=261231",
	} {
		r, err := Parse(in, Options{})
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if got := r.Bracketed(); got != want {
			t.Errorf("Parse(%q).Bracketed() = %q, want %q", in, got, want)
		}
	}
}

func TestParse_ErrorNamesAIAndPosition(t *testing.T) {
	_, err := Parse("(01)09520123456788(10)ABC123(17)251301", Options{})
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if e.Code != CodeLinter || e.Linter != "ILLEGAL_MONTH" || e.AI != "17" || e.Pos != 34 {
		t.Errorf("err = %+v, want ILLEGAL_MONTH in AI 17 at 34", e)
	}
}

func TestParse_EANGivesGTIN(t *testing.T) {
	r, err := Parse("]E09520123456788", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := r.GTIN(); !ok || g != "09520123456788" {
		t.Errorf("GTIN() = %q, %v", g, ok)
	}
}

func TestDigitalLink_ConfiguredStem(t *testing.T) {
	r, err := ParseBracketed("(01)09520123456788(21)S1(10)L/1(3103)001250", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.DigitalLink("https://example.com/", Options{})
	want := "https://example.com/01/09520123456788/10/L%2F1/21/S1?3103=001250"
	if err != nil || got != want {
		t.Errorf("DigitalLink = %q, %v; want %q", got, err, want)
	}
}

func TestLookupAI_GeneratedTable(t *testing.T) {
	d, ok := LookupAI("17")
	if !ok || d.FNC1 || !d.DLAttr || d.Components[0].Linters[0].String() != "yymmd0" {
		t.Errorf("LookupAI(17) = %+v, %v", d, ok)
	}
	if _, ok := LookupAI("89"); ok {
		t.Error("LookupAI(89) found an unallocated AI")
	}
	if n := len(AIs()); n < 500 {
		t.Errorf("table has %d AIs", n)
	}
}
