package gs1

import "fmt"

// CheckDigit computes the GS1 mod-10 check digit for digits, the key without its check
// digit. From the right, the digits are weighted 3, 1, 3, 1, ...; the check digit brings
// the weighted sum up to a multiple of ten. The same algorithm serves GTIN-8/12/13/14,
// SSCC, GLN, GSIN, GSRN, GDTI, GCN and GRAI.
func CheckDigit(digits string) (byte, error) {
	if !allDigits(digits) {
		return 0, fmt.Errorf("gs1: check digit of %q: not all digits", digits)
	}
	return checkDigit(digits), nil
}

// checkDigit assumes digits holds only ASCII digits.
func checkDigit(digits string) byte {
	sum := 0
	for i, w := len(digits)-1, 3; i >= 0; i, w = i-1, 4-w {
		sum += int(digits[i]-'0') * w
	}
	return byte('0' + (10-sum%10)%10)
}

// ValidCheckDigit reports whether key (digits including the final check digit) is valid.
func ValidCheckDigit(key string) bool {
	return len(key) >= 2 && allDigits(key) && checkDigit(key[:len(key)-1]) == key[len(key)-1]
}

// ValidGTIN reports whether s is a GTIN-8, -12, -13 or -14 with a correct check digit.
func ValidGTIN(s string) bool {
	switch len(s) {
	case 8, 12, 13, 14:
		return ValidCheckDigit(s)
	}
	return false
}

// ValidSSCC reports whether s is an 18-digit SSCC with a correct check digit.
func ValidSSCC(s string) bool { return len(s) == 18 && ValidCheckDigit(s) }

// ValidGLN reports whether s is a 13-digit GLN with a correct check digit.
func ValidGLN(s string) bool { return len(s) == 13 && ValidCheckDigit(s) }

// NormalizeGTIN returns s as a GTIN-14: GTIN-8, -12 and -13 are left-padded with zeros.
// It fails unless s is a GTIN of one of those lengths with a correct check digit.
func NormalizeGTIN(s string) (string, error) {
	if !ValidGTIN(s) {
		return "", fmt.Errorf("gs1: normalise GTIN %q: not a GTIN-8/12/13/14 with a valid check digit", s)
	}
	return "00000000000000"[:14-len(s)] + s, nil
}
