package lotledger

import (
	"net/mail"
	"net/url"
	"strings"
)

// Party kinds.
const (
	PartySupplier = "supplier"
	PartyCustomer = "customer"
	PartyCarrier  = "carrier"
)

// Party is a supplier, customer or carrier, with the contacts a recall notice goes to.
type Party struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	GLN        string `json:"gln,omitempty"`
	Email      string `json:"email,omitempty"`
	WebhookURL string `json:"webhook_url,omitempty"`
}

// Validate checks the party.
func (p *Party) Validate() error {
	p.Code = strings.TrimSpace(p.Code)
	if err := validCode("code", p.Code); err != nil {
		return err
	}
	if strings.TrimSpace(p.Name) == "" {
		return Errorf(EINVALID, "name", "name is required")
	}
	switch p.Kind {
	case PartySupplier, PartyCustomer, PartyCarrier:
	case "":
		return Errorf(EINVALID, "kind", "kind is required: supplier, customer or carrier")
	default:
		return Errorf(EINVALID, "kind", "kind must be supplier, customer or carrier")
	}
	if err := validGLN("gln", &p.GLN); err != nil {
		return err
	}
	if p.Email != "" {
		if _, err := mail.ParseAddress(p.Email); err != nil {
			return Errorf(EINVALID, "email", "%q is not an email address", p.Email)
		}
	}
	if p.WebhookURL != "" {
		u, err := url.Parse(p.WebhookURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return Errorf(EINVALID, "webhook_url", "%q is not an http or https URL", p.WebhookURL)
		}
	}
	return nil
}
