package api

import (
	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

type auditJSON struct {
	At         string `json:"at"`
	Actor      string `json:"actor"`
	ActorKind  string `json:"actor_kind"`
	Action     string `json:"action"`
	ObjectType string `json:"object_type"`
	ObjectID   string `json:"object_id"`
	Detail     string `json:"detail"`
}

type auditListJSON struct {
	Audit []auditJSON `json:"audit"`
}

func auditToJSON(trail []emessage.AuditEntry) auditListJSON {
	out := auditListJSON{Audit: make([]auditJSON, 0, len(trail))}
	for _, e := range trail {
		out.Audit = append(out.Audit, auditJSON{At: answer.Time(e.At), Actor: e.Actor, ActorKind: e.ActorKind,
			Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, Detail: e.Detail})
	}
	return out
}
