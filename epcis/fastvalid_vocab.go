package epcis

// termsOrURI is one of the schema's vocabulary types: anyOf [a bare term
// from an enum, a "uri" that does not start with one of notPrefixes]. The
// enums are copied from the embedded schema, and
// TestFastVocabularies_MatchTheSchema compares them with it, so that an
// update of the schema cannot leave the fast path accepting a retired term.
type termsOrURI struct {
	terms       map[string]bool
	notPrefixes []string
}

// The negative lookaheads of vocab-other-uri (no CBV URNs or old CBV
// namespace URIs, whose bare terms must be used instead) and of
// vocab-nonGS1WebVoc-uri (no GS1 Web Vocabulary URIs).
var (
	notCBVURIs      = []string{"urn:epcglobal:cbv", "http://ns.gs1.org/cbv/", "https://ns.gs1.org/cbv/"}
	notGS1WebVocURI = []string{"http://gs1.org/voc/", "https://gs1.org/voc/", "http://www.gs1.org/voc/", "https://www.gs1.org/voc/"}
)

func newTermsOrURI(notPrefixes []string, terms ...string) termsOrURI {
	v := termsOrURI{terms: make(map[string]bool, len(terms)), notPrefixes: notPrefixes}
	for _, t := range terms {
		v.terms[t] = true
	}
	return v
}

// accepts reports whether b is one of the terms or an allowed URI.
func (v termsOrURI) accepts(b []byte) bool {
	if v.terms[string(b)] {
		return true
	}
	if !isURI(b) {
		return false
	}
	for _, p := range v.notPrefixes {
		if len(b) >= len(p) && string(b[:len(p)]) == p {
			return false
		}
	}
	return true
}

// The schema definitions of the same names.
var (
	bizStepTerms = newTermsOrURI(notCBVURIs,
		"accepting", "arriving", "assembling", "collecting", "commissioning", "consigning",
		"creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying",
		"disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting",
		"installing", "killing", "loading", "other", "packing", "picking", "receiving", "removing",
		"repackaging", "repairing", "replacing", "reserving", "retail_selling", "shipping",
		"staging_outbound", "stock_taking", "stocking", "storing", "transporting", "unloading",
		"unpacking", "void_shipping", "sensor_reporting", "sampling")
	dispositionTerms = newTermsOrURI(notCBVURIs,
		"active", "container_closed", "damaged", "destroyed", "dispensed", "disposed", "encoded",
		"expired", "in_progress", "in_transit", "inactive", "no_pedigree_match", "non_sellable_other",
		"partially_dispensed", "recalled", "reserved", "retail_sold", "returned", "sellable_accessible",
		"sellable_not_accessible", "stolen", "unknown", "available", "completeness_verified",
		"completeness_inferred", "conformant", "container_open", "mismatch_instance", "mismatch_class",
		"mismatch_quantity", "needs_replacement", "non_conformant", "unavailable")
	bizTransactionTypeTerms = newTermsOrURI(notCBVURIs,
		"bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma",
		"testprd", "testres", "upevt")
	sourceDestTypeTerms = newTermsOrURI(notCBVURIs, "owning_party", "possessing_party", "location")
	errorReasonTerms    = newTermsOrURI(notCBVURIs, "did_not_occur", "incorrect_data")
	componentTerms      = newTermsOrURI(notCBVURIs,
		"x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle",
		"elevation_angle", "easting", "northing", "latitude", "longitude", "altitude")
	measurementTypeTerms = newTermsOrURI(notGS1WebVocURI,
		"AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity",
		"Altitude", "AmountOfSubstance", "AmountOfSubstancePerUnitVolume", "Angle",
		"AngularAcceleration", "AngularMomentum", "AngularVelocity", "Area", "Capacitance",
		"Conductance", "Conductivity", "Count", "Density", "Dimensionless", "DoseEquivalent",
		"DoseEquivalentRate", "DynamicViscosity", "ElectricCharge", "ElectricCurrent",
		"ElectricCurrentDensity", "ElectricFieldStrength", "Energy", "Exposure", "Force", "Frequency",
		"Illuminance", "Inductance", "Irradiance", "KinematicViscosity", "Length", "LinearMomentum",
		"Luminance", "LuminousFlux", "LuminousIntensity", "MagneticFlux", "MagneticFluxDensity",
		"MagneticVectorPotential", "Mass", "MassConcentration", "MassFlowRate", "MassPerAreaTime",
		"MemoryCapacity", "MolalityOfSolute", "MolarEnergy", "MolarMass", "MolarVolume", "Power",
		"Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity", "Resistance", "Resistivity",
		"SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension", "Temperature",
		"Time", "Torque", "Voltage", "Volume", "VolumeFlowRate", "VolumeFraction", "VolumetricFlux",
		"Wavenumber")
	sensorAlertTypeTerms = newTermsOrURI(notGS1WebVocURI, "ALARM_CONDITION", "ERROR_CONDITION")
)
