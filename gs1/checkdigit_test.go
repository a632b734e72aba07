package gs1

import "testing"

func TestCheckDigit_KnownKeys(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"0952012345678", "8"},     // GTIN-14 09520123456788
		{"952012345678", "8"},      // GLN 9520123456788
		{"09520123456789123", "5"}, // SSCC 095201234567891235
		{"0234567", "3"},           // GTIN-8 02345673
		{"41600033610", "8"},       // GTIN-12 416000336108
	} {
		got, err := CheckDigit(tc.body)
		if err != nil || string(got) != tc.want {
			t.Errorf("CheckDigit(%q) = %q, %v; want %q", tc.body, got, err, tc.want)
		}
	}
	if _, err := CheckDigit("12A"); err == nil {
		t.Error("CheckDigit accepted a non-digit")
	}
}

func TestValidKeys(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		if !ValidGTIN("09520123456788") || !ValidGTIN("02345673") || !ValidSSCC("095201234567891235") || !ValidGLN("9520123456788") {
			t.Error("a valid key was rejected")
		}
	})
	t.Run("Rejects", func(t *testing.T) {
		if ValidGTIN("09520123456789") || ValidGTIN("123") || ValidSSCC("095201234567891236") || ValidGLN("9520123456781") {
			t.Error("an invalid key was accepted")
		}
	})
}

func TestNormalizeGTIN_PadsTo14(t *testing.T) {
	for in, want := range map[string]string{
		"02345673":       "00000002345673",
		"416000336108":   "00416000336108",
		"9520123456788":  "09520123456788",
		"09520123456788": "09520123456788",
	} {
		if got, err := NormalizeGTIN(in); err != nil || got != want {
			t.Errorf("NormalizeGTIN(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := NormalizeGTIN("9520123456781"); err == nil {
		t.Error("NormalizeGTIN accepted a bad check digit")
	}
}
