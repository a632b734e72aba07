package gs1

// couponReader walks a North American coupon code field by field. Each step returns a
// finding (empty name when the field is fine); the first failure stops the walk.
type couponReader struct {
	v string
	p int
}

func (c *couponReader) done() bool { return c.p >= len(c.v) }

// vli reads a one-digit variable length indicator in [lo, hi] and returns the length it
// announces (digit + add). A "9" maps to zero when nine is set (no company prefix given).
func (c *couponReader) vli(what string, lo, hi byte, add int, nine bool) (int, finding) {
	if c.done() {
		return 0, finding{"COUPON_MISSING_" + what + "_VLI", 0}
	}
	d := c.v[c.p]
	if nine && d == '9' {
		c.p++
		return 0, passed
	}
	if d < lo || d > hi {
		return 0, finding{"COUPON_INVALID_" + what + "_LENGTH", c.p}
	}
	c.p++
	return int(d-'0') + add, passed
}

// take consumes n characters, failing with the truncation finding for what.
func (c *couponReader) take(n int, truncated string) (string, finding) {
	if len(c.v)-c.p < n {
		return "", finding{"COUPON_TRUNCATED_" + truncated, c.p}
	}
	s := c.v[c.p : c.p+n]
	c.p += n
	return s, passed
}

// digit consumes one code digit that must be in allowed.
func (c *couponReader) digit(what, allowed string) finding {
	if c.done() {
		return finding{"COUPON_MISSING_" + what, 0}
	}
	if !containsByte(allowed, c.v[c.p]) {
		return finding{"COUPON_INVALID_" + what, c.p}
	}
	c.p++
	return passed
}

// gcp reads a VLI-prefixed company prefix and checks it starts like a GS1 Company Prefix.
func (c *couponReader) gcp(what string, lo, hi byte, nine bool) finding {
	n, f := c.vli(what, lo, hi, 6, nine)
	if f.name != "" {
		return f
	}
	start := c.p
	s, f := c.take(n, what)
	if f.name != "" || n == 0 {
		return f
	}
	if g := lintGCP(s, 0); g.name != "" {
		return finding{g.name, start + g.pos}
	}
	return passed
}

// purchase reads a purchase requirement: VLI + value, requirement code and family code.
func (c *couponReader) purchase(ord string) finding {
	n, f := c.vli(ord+"_PURCHASE_REQUIREMENT", '1', '5', 0, false)
	if f.name != "" {
		return f
	}
	if _, f = c.take(n, ord+"_PURCHASE_REQUIREMENT"); f.name != "" {
		return f
	}
	if f = c.digit(ord+"_PURCHASE_REQUIREMENT_CODE", "012349"); f.name != "" {
		return f
	}
	_, f = c.take(3, ord+"_PURCHASE_FAMILY_CODE")
	return f
}

// lintCoupon checks AI (8110), the North American Coupon Code.
func lintCoupon(v string) finding {
	if i := indexNonDigit(v); i >= 0 {
		return finding{"NON_DIGIT_CHARACTER", i}
	}
	c := &couponReader{v: v}
	steps := []func() finding{
		func() finding { return c.gcp("GCP", '0', '6', false) },
		func() finding { _, f := c.take(6, "OFFER_CODE"); return f },
		func() finding {
			n, f := c.vli("SAVE_VALUE", '1', '5', 0, false)
			if f.name != "" {
				return f
			}
			_, f = c.take(n, "SAVE_VALUE")
			return f
		},
		func() finding { return c.purchase("1ST") },
		c.optionalFields,
	}
	for _, step := range steps {
		if f := step(); f.name != "" {
			return f
		}
	}
	if !c.done() {
		return finding{"COUPON_EXCESS_DATA", c.p}
	}
	return passed
}

// optionalFields reads the optional fields 1-6 and 9, each introduced by its number and
// allowed at most once, in ascending order.
func (c *couponReader) optionalFields() finding {
	var expiry string
	fields := []struct {
		id   byte
		read func() finding
	}{
		{'1', func() finding {
			if f := c.digit("ADDITIONAL_PURCHASE_RULES_CODE", "0123"); f.name != "" {
				return f
			}
			if f := c.purchase("2ND"); f.name != "" {
				return f
			}
			return c.gcp("2ND_PURCHASE_GCP", '0', '6', true)
		}},
		{'2', func() finding {
			if f := c.purchase("3RD"); f.name != "" {
				return f
			}
			return c.gcp("3RD_PURCHASE_GCP", '0', '6', true)
		}},
		{'3', func() finding { var f finding; expiry, f = c.date("EXPIRATION_DATE", "EXIPIRATION_DATE"); return f }},
		{'4', func() finding {
			start, f := c.date("START_DATE", "START_DATE")
			if f.name == "" && expiry != "" && start > expiry {
				return finding{"COUPON_EXPIRATION_BEFORE_START", c.p - 14}
			}
			return f
		}},
		{'5', func() finding {
			n, f := c.vli("SERIAL_NUMBER", '0', '9', 6, false)
			if f.name != "" {
				return f
			}
			_, f = c.take(n, "SERIAL_NUMBER")
			return f
		}},
		{'6', func() finding { return c.gcp("RETAILER_GCP_OR_GLN", '1', '7', false) }},
		{'9', c.miscellaneous},
	}
	for _, fld := range fields {
		if c.done() || c.v[c.p] != fld.id {
			continue
		}
		c.p++
		if f := fld.read(); f.name != "" {
			return f
		}
	}
	return passed
}

// date reads a YYMMDD coupon date.
func (c *couponReader) date(short, invalid string) (string, finding) {
	if len(c.v)-c.p < 6 {
		return "", finding{"COUPON_TOO_SHORT_FOR_" + short, c.p}
	}
	d := c.v[c.p : c.p+6]
	if lintDate(d, 2, false).name != "" {
		return "", finding{"COUPON_INVALID_" + invalid, c.p}
	}
	c.p += 6
	return d, passed
}

// miscellaneous reads optional field 9: save value code, applies-to item, store coupon
// flag and don't-multiply flag.
func (c *couponReader) miscellaneous() finding {
	if f := c.digit("SAVE_VALUE_CODE", "01256"); f.name != "" {
		return f
	}
	if f := c.digit("SAVE_VALUE_APPLIES_TO_ITEM", "012"); f.name != "" {
		return f
	}
	if f := c.digit("STORE_COUPON_FLAG", "0123456789"); f.name != "" {
		return f
	}
	return c.digit("DONT_MULTIPLY_FLAG", "01")
}

// lintCouponPOS checks AI (8112), the positive offer file coupon code.
func lintCouponPOS(v string) finding {
	if i := indexNonDigit(v); i >= 0 {
		return finding{"NON_DIGIT_CHARACTER", i}
	}
	c := &couponReader{v: v}
	if f := c.digit("FORMAT_CODE", "01"); f.name != "" {
		return f
	}
	n, f := c.vli("FUNDER", '0', '6', 6, false)
	if f.name != "" {
		return f
	}
	if _, f = c.take(n, "FUNDER"); f.name != "" {
		return f
	}
	if _, f = c.take(6, "OFFER_CODE"); f.name != "" {
		return f
	}
	if n, f = c.vli("SERIAL_NUMBER", '0', '9', 6, false); f.name != "" {
		return f
	}
	if _, f = c.take(n, "SERIAL_NUMBER"); f.name != "" {
		return f
	}
	if !c.done() {
		return finding{"COUPON_EXCESS_DATA", c.p}
	}
	return passed
}

func containsByte(s string, b byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return true
		}
	}
	return false
}

func indexNonDigit(s string) int {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return i
		}
	}
	return -1
}
