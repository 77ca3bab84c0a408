package web

import (
	"net/http"

	"github.com/county/emessage"
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
		out.Audit = append(out.Audit, auditJSON{At: jsonTime(e.At), Actor: e.Actor, ActorKind: e.ActorKind,
			Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, Detail: e.Detail})
	}
	return out
}

// apiMessageAuditGet answers a record's audit trail, oldest first.
func (s *server) apiMessageAuditGet(w http.ResponseWriter, r *http.Request) error {
	_, trail, err := s.svc.MessageAudit(r.Context(), actorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, auditToJSON(trail))
	return nil
}

// apiCaseAuditGet answers the audit trail of a case's records, newest first.
func (s *server) apiCaseAuditGet(w http.ResponseWriter, r *http.Request) error {
	_, trail, err := s.svc.CaseAudit(r.Context(), actorFrom(r.Context()), r.PathValue("number"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, auditToJSON(trail))
	return nil
}
