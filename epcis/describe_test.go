package epcis

import (
	"reflect"
	"testing"
)

// TestDescribe_MatchesDecodedEncoding proves that Describe gives the same
// indexed fields, quantities and ILMD included, and the same fields, as decoding what EncodeEvent wrote,
// for every fixture.
func TestDescribe_MatchesDecodedEncoding(t *testing.T) {
	for name, ev := range fixtures() {
		t.Run(name, func(t *testing.T) {
			doc, err := EncodeEvent(ev, testDir)
			if err != nil {
				t.Fatal(err)
			}
			want, err := DecodeEvent(doc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Describe(ev, testDir)
			if err != nil {
				t.Fatal(err)
			}
			check := func(field string, a, b any) {
				if !reflect.DeepEqual(a, b) {
					t.Errorf("%s: Describe %v, decoded %v", field, a, b)
				}
			}
			check("type", got.Type, want.Type)
			check("eventID", got.EventID, want.EventID)
			check("eventTime", got.EventTime.UnixMilli(), want.EventTime.UnixMilli())
			check("action", got.Action, want.Action)
			check("bizStep", got.BizStep, want.BizStep)
			check("disposition", got.Disposition, want.Disposition)
			check("readPoint", got.ReadPoint, want.ReadPoint)
			check("bizLocation", got.BizLocation, want.BizLocation)
			check("quantityList", got.QuantityList, want.QuantityList)
			check("inputs", got.InputQuantityList, want.InputQuantityList)
			check("outputs", got.OutputQuantityList, want.OutputQuantityList)
			check("transformationID", got.TransformationID, want.TransformationID)
			check("bizTransactions", got.BizTransactionList, want.BizTransactionList)
			check("sources", got.SourceList, want.SourceList)
			check("destinations", got.DestinationList, want.DestinationList)
			check("ilmd", got.ILMD, want.ILMD)
			check("fields", IndexFields(&got), IndexFields(&want))
		})
	}
}
