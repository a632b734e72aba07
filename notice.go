package lotledger

import "time"

// Notice channels: how a notice reaches a customer.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// Notice states. A notice is pending until it is delivered, or until
// delivery has failed NoticeMaxAttempts times; a failed notice needs a
// person (a phone call, a corrected address).
const (
	NoticePending   = "pending"
	NoticeDelivered = "delivered"
	NoticeFailed    = "failed"
)

// NoticeMaxAttempts is how many deliveries of a notice are tried before it
// is marked failed. With backoff doubling from 30 s to a 1 h cap, ten
// attempts span about four hours: long enough to outlast a customer's
// maintenance window, short enough that a person hears of it the same day.
const NoticeMaxAttempts = 10

// NoticeAction is what a notice asks the customer to do.
const NoticeAction = "Stop selling and using the lots listed in this notice at once. Set aside any stock of them you hold, " +
	"and tell us what you return, destroy, or had already sold or used. Acknowledge this notice to confirm you received it."

// Notice is one recall notice to one customer over one channel, and how its
// delivery and acknowledgement stand. Notices are queued in the recall's own
// transaction, so a recall never exists without its notices.
type Notice struct {
	ID             string         `json:"id"`
	Recall         string         `json:"recall"`
	Customer       string         `json:"customer"`
	Channel        string         `json:"channel"` // email or webhook
	Address        string         `json:"address"` // the party's current email address or webhook URL
	State          string         `json:"state"`   // pending, delivered or failed
	Attempts       int            `json:"attempts"`
	LastError      string         `json:"last_error,omitempty"`
	NextAttemptAt  time.Time      `json:"next_attempt_at,omitzero"`
	DeliveredAt    time.Time      `json:"delivered_at,omitzero"`
	AcknowledgedAt time.Time      `json:"acknowledged_at,omitzero"`
	AckBy          string         `json:"ack_by,omitempty"`
	CreatedAt      time.Time      `json:"created_at"`
	Content        *NoticeContent `json:"-"` // filled only for delivery
}

// Acknowledged reports whether the customer has acknowledged the notice.
func (n Notice) Acknowledged() bool { return !n.AcknowledgedAt.IsZero() }

// NoticeContent is what a notice tells its customer: the recall, why, what
// they received of which lot, and what to do. It is fixed when the recall
// starts, and it is the JSON body of a webhook notice.
type NoticeContent struct {
	Notice   string       `json:"notice"` // the notice's id: receivers deduplicate by it
	Recall   string       `json:"recall"`
	Reason   string       `json:"reason"`
	Issued   time.Time    `json:"issued"`
	Customer string       `json:"customer"`
	Name     string       `json:"name"`
	Lines    []NoticeLine `json:"lines"`
	Action   string       `json:"action"`
	AckURL   string       `json:"ack_url,omitempty"` // added at delivery: it carries a signature
}

// NoticeLine is what the customer received of one lot in the recall's scope.
type NoticeLine struct {
	SKU          string    `json:"sku"`
	Lot          string    `json:"lot"`
	Quantity     Quantity  `json:"quantity"`
	UOM          string    `json:"uom,omitempty"`
	FirstShipped time.Time `json:"first_shipped"`
	LastShipped  time.Time `json:"last_shipped"`
	References   []string  `json:"references,omitempty"`
}
