package lotledger_test

import (
	"encoding/json"
	"testing"

	"lotledger"
)

func TestParseQuantity_ExactDecimals(t *testing.T) {
	for in, want := range map[string]string{
		"12": "12", "12.50": "12.5", "0.125": "0.125", "-3.5": "-3.5", "+7": "7", ".5": "0.5", "0.000001": "0.000001", "1000000000": "1000000000",
	} {
		q, err := lotledger.ParseQuantity(in)
		if err != nil || q.String() != want {
			t.Errorf("ParseQuantity(%q) = %s, %v; want %s", in, q, err, want)
		}
	}
}

func TestParseQuantity_RejectsWhatIsNotADecimal(t *testing.T) {
	for _, in := range []string{"", "1,5", "1e3", "abc", "1.", "-", "0.0000001", "99999999999999999999", "1 2", "0x10", "NaN"} {
		if q, err := lotledger.ParseQuantity(in); err == nil {
			t.Errorf("ParseQuantity(%q) = %s, want an error", in, q)
		}
	}
}

func TestQuantity_SumIsExact(t *testing.T) {
	var sum lotledger.Quantity
	for range 10 {
		sum += lotledger.MustQuantity("0.1")
	}
	if sum != lotledger.Units(1) {
		t.Fatalf("ten times 0.1 = %s, want 1 (no float drift)", sum)
	}
}

func TestAmount_ParseNamesTheField(t *testing.T) {
	cases := []struct {
		in       lotledger.Amount
		decimals int
		positive bool
	}{{"0", 0, true}, {"-2", 0, true}, {"1.5", 0, true}, {"1.2345", 3, true}, {"x", 3, false}, {"", 3, false}, {"0", 3, false}}
	for _, c := range cases {
		_, err := c.in.Parse("lines[3].quantity", c.positive, c.decimals)
		if e := lotledger.AsError(err); e == nil || e.Field != "lines[3].quantity" || e.Code != lotledger.EINVALID {
			t.Errorf("Parse(%q) error %v, want invalid on lines[3].quantity", c.in, err)
		}
	}
	if q, err := lotledger.Amount("-2.5").Parse("q", false, 3); err != nil || q != lotledger.MustQuantity("-2.5") {
		t.Fatalf("signed amount: %s %v", q, err)
	}
}

func TestAmount_AcceptsStringOrNumber(t *testing.T) {
	var v struct{ Q lotledger.Amount }
	for _, body := range []string{`{"Q":"12.5"}`, `{"Q":12.5}`} {
		if err := json.Unmarshal([]byte(body), &v); err != nil || v.Q != "12.5" {
			t.Errorf("%s: %q %v", body, v.Q, err)
		}
	}
	if err := json.Unmarshal([]byte(`{"Q":true}`), &v); err == nil {
		t.Error("a boolean quantity was accepted")
	}
}
