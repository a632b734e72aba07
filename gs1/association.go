package gs1

// validateAssociations applies the rules that concern the message as a whole: an AI may
// repeat only with the same value, mutually exclusive AIs (ex=) may not appear together,
// a digital signature (8030) needs a serialised key, and - unless opts.SkipRequisites -
// every AI's mandatory associations (req=) must be present.
func validateAssociations(elems []Element, opts Options) error {
	if err := checkRepeats(elems); err != nil {
		return err
	}
	if err := checkExclusions(elems); err != nil {
		return err
	}
	if err := checkDigSig(elems); err != nil {
		return err
	}
	if opts.SkipRequisites {
		return nil
	}
	if err := checkRequisites(elems); err != nil {
		return err
	}
	return nil
}

func checkRepeats(elems []Element) *Error {
	for i := range elems {
		for j := i + 1; j < len(elems); j++ {
			if elems[i].AI == elems[j].AI && elems[i].Value != elems[j].Value {
				return errorf(CodeDifferentValues, elems[i].AI, -1, "AI (%s) appears with different values", elems[i].AI)
			}
		}
	}
	return nil
}

// checkExclusions enforces ex=; an AI is not exclusive of itself even if it matches.
func checkExclusions(elems []Element) *Error {
	for _, a := range elems {
		for _, pat := range a.definition().Excludes {
			for _, b := range elems {
				if b.AI != a.AI && matchPattern(pat, b.AI) {
					return errorf(CodeInvalidPairs, a.AI, -1, "AIs (%s) and (%s) may not be used together", a.AI, b.AI)
				}
			}
		}
	}
	return nil
}

// checkRequisites enforces req=: every group needs one alternative whose AIs are all present.
func checkRequisites(elems []Element) *Error {
	for i, a := range elems {
		if seenBefore(elems, i) {
			continue
		}
		for _, group := range a.definition().Requires {
			if !groupSatisfied(group, elems) {
				return errorf(CodeRequiredAIsMissing, a.AI, -1, "AI (%s) requires %s", a.AI, describeGroup(group))
			}
		}
	}
	return nil
}

func seenBefore(elems []Element, i int) bool {
	for j := 0; j < i; j++ {
		if elems[j].AI == elems[i].AI {
			return true
		}
	}
	return false
}

func groupSatisfied(group [][]string, elems []Element) bool {
	for _, alt := range group {
		all := true
		for _, pat := range alt {
			if !present(pat, elems) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func present(pattern string, elems []Element) bool {
	for _, e := range elems {
		if matchPattern(pattern, e.AI) {
			return true
		}
	}
	return false
}

// describeGroup renders [[01 21] [02]] as "(01)+(21) or (02)".
func describeGroup(group [][]string) string {
	s := ""
	for i, alt := range group {
		if i > 0 {
			s += " or "
		}
		for j, p := range alt {
			if j > 0 {
				s += "+"
			}
			s += "(" + p + ")"
		}
	}
	return s
}

// serialisedKeyLen gives, for keys whose serial component is optional, the length of the
// key without it. A digital signature (8030) needs the serial component.
var serialisedKeyLen = [...]struct {
	ai  string
	len int
}{{"253", 13}, {"255", 13}, {"8003", 14}}

func checkDigSig(elems []Element) *Error {
	if !present("8030", elems) {
		return nil
	}
	for _, e := range elems {
		for _, k := range serialisedKeyLen {
			if e.AI == k.ai && len(e.Value) <= k.len {
				return errorf(CodeSerialNotPresent, e.AI, -1, "a digital signature (8030) needs AI (%s) with its serial component", e.AI)
			}
		}
	}
	return nil
}
