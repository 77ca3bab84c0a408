package emessage

// UserChange is an operator's change to the sign-in of one worker or SSP
// account (emessage worker ..., emessage account ...), written by
// Store.Apply with the change's audit entries.
type UserChange struct {
	// Role is RoleWorker for a worker (admins included) or RoleSSP for an account.
	Role Role
	ID   int64
	// Disabled, when set, disables or enables the worker or account.
	Disabled *bool
	// PasswordHash, when set, replaces the password.
	PasswordHash string
	// ResetMFA forgets the worker's authenticator app (set up or pending),
	// recovery codes and half-done sign-ins.
	ResetMFA bool
	// EndSessions ends every session of the worker or account, at once.
	EndSessions bool
	// SessionsEnded is set by Apply: how many sessions it ended.
	SessionsEnded int
}
