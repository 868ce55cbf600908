package ipmi

import (
	"context"
	"errors"
	"time"

	"github.com/bougou/go-ipmi/pkg/client"
	"github.com/bougou/go-ipmi/pkg/types"
)

// SELRecord is one entry of the BMC's System Event Log.
type SELRecord struct {
	ID     uint16
	Type   uint8     // record type: 0x02 standard, 0xC0-0xFF OEM
	Time   time.Time // zero for OEM records without a timestamp
	Sensor uint8     // sensor type code (standard records)
}

// SEL reads the whole System Event Log. An empty log is an empty slice,
// not an error: Get SEL Info is read first, and a 0xCB "not present" from
// Get SEL Entry is also taken as the end of the log.
func (d *Driver) SEL(ctx context.Context) ([]SELRecord, error) {
	var out []SELRecord
	err := d.do(ctx, "sel list", func(ctx context.Context, c *client.Client) error {
		info, err := c.GetSELInfo(ctx)
		if err != nil || info.Entries == 0 {
			return err
		}
		sels, err := c.GetSELEntries(ctx, 0)
		if notPresent(err) {
			return nil
		}
		out = records(sels)
		return err
	})
	return out, err
}

func notPresent(err error) bool {
	var re *types.ResponseError
	return errors.As(err, &re) && re.CompletionCode() == types.CodeRequestedDataNotPresent
}

func records(sels []*types.SEL) []SELRecord {
	out := make([]SELRecord, 0, len(sels))
	for _, s := range sels {
		r := SELRecord{ID: s.RecordID, Type: uint8(s.RecordType)}
		switch {
		case s.Standard != nil:
			r.Time, r.Sensor = s.Standard.Timestamp, uint8(s.Standard.SensorType)
		case s.OEMTimestamped != nil:
			r.Time = s.OEMTimestamped.Timestamp
		}
		out = append(out, r)
	}
	return out
}
