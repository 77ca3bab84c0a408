package sqlstore

import (
	"context"

	"github.com/county/emessage"
)

// applyUserChange writes an operator's change to a worker's or an account's
// sign-in, inside Apply's transaction, and counts the sessions it ended.
func applyUserChange(ctx context.Context, tx runner, uc *emessage.UserChange) error {
	table, what := "workers", "Worker"
	if uc.Role == emessage.RoleSSP {
		table, what = "ssp_accounts", "Account"
	}
	set := func(assignments string, args ...any) error {
		n, err := tx.execN(ctx, `UPDATE `+table+` SET `+assignments+` WHERE id = $1`, append([]any{uc.ID}, args...)...)
		if err == nil && n == 0 {
			err = emessage.NotFound(what)
		}
		return err
	}
	if uc.Disabled != nil {
		if err := set(`disabled = $2`, *uc.Disabled); err != nil {
			return err
		}
	}
	if uc.PasswordHash != "" {
		if err := set(`password_hash = $2`, uc.PasswordHash); err != nil {
			return err
		}
	}
	if uc.ResetMFA && uc.Role != emessage.RoleSSP {
		if err := set(`totp_secret = '', totp_pending = '', totp_pending_at = 0`); err != nil {
			return err
		}
		if err := replaceRecoveryCodes(ctx, tx, uc.ID, nil); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM mfa_challenges WHERE worker_id = $1`, uc.ID); err != nil {
			return err
		}
	}
	if !uc.EndSessions {
		return nil
	}
	// Workers' sessions have the role worker or admin, accounts' ssp.
	roleIs := `role <> 'ssp'`
	if uc.Role == emessage.RoleSSP {
		roleIs = `role = 'ssp'`
	}
	n, err := tx.execN(ctx, `DELETE FROM sessions WHERE user_id = $1 AND `+roleIs, uc.ID)
	uc.SessionsEnded = int(n)
	if err != nil || uc.Role == emessage.RoleSSP {
		return err
	}
	// A half-done sign-in (password right, code awaited) ends too.
	_, err = tx.exec(ctx, `DELETE FROM mfa_challenges WHERE worker_id = $1`, uc.ID)
	return err
}
