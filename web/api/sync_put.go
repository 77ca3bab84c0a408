package api

import (
	"net/http"

	"github.com/county/emessage"
	"github.com/county/emessage/web/answer"
)

// MaxSyncBody bounds a sync's import document (SPEC 15).
const MaxSyncBody = 32 << 20

// syncPut is PUT /api/v1/sync: a system's import document, all or nothing.
func (h *Handler) syncPut(w http.ResponseWriter, r *http.Request) error {
	body, err := answer.ReadJSON(w, r, MaxSyncBody)
	if err != nil {
		return err
	}
	data, err := emessage.ParseImport(body)
	if err != nil {
		return err
	}
	res, err := h.svc.Sync(r.Context(), actor(r), data)
	if err != nil {
		return err
	}
	answer.WriteJSON(w, http.StatusOK, syncJSON(res))
	return nil
}

type importCountJSON struct {
	Added   int `json:"added"`
	Updated int `json:"updated"`
}

type syncResultJSON struct {
	Counties    importCountJSON `json:"counties"`
	Workers     importCountJSON `json:"workers"`
	SSPAccounts importCountJSON `json:"ssp_accounts"`
	Documents   importCountJSON `json:"documents"`
	Cases       importCountJSON `json:"cases"`
	Messages    struct {
		Added        int `json:"added"`
		AlreadyThere int `json:"already_there"`
	} `json:"messages"`
}

func syncJSON(r emessage.ImportResult) syncResultJSON {
	var out syncResultJSON
	out.Counties = importCountJSON(r.Counties)
	out.Workers = importCountJSON(r.Workers)
	out.SSPAccounts = importCountJSON(r.Accounts)
	out.Documents = importCountJSON(r.Documents)
	out.Cases = importCountJSON(r.Cases)
	out.Messages.Added, out.Messages.AlreadyThere = r.MessagesAdded, r.MessagesKept
	return out
}
