package emessage

// Programs own e-Messages (SPEC section 11): every record belongs to one
// program of its case, and so to the worker assigned to that program.

// usualPrograms are the usual California programs, in the order the pages
// offer them; a code not listed is shown as itself.
var usualPrograms = []struct{ Code, Name string }{
	{"CF", "CalFresh"},
	{"MC", "Medi-Cal"},
	{"CW", "CalWORKs"},
	{"CAPI", "Cash Assistance Program for Immigrants"},
	{"GA", "General Assistance/General Relief"},
	{"FC", "Foster Care"},
	{"IHSS", "In-Home Supportive Services"},
	{"RCA", "Refugee Cash Assistance"},
	{"CFET", "CalFresh Employment and Training"},
}

// KnownPrograms lists the codes of the usual programs, in the order the
// pages offer them.
func KnownPrograms() []string {
	out := make([]string, len(usualPrograms))
	for i, p := range usualPrograms {
		out[i] = p.Code
	}
	return out
}

// ProgramName names a program code for workers (in English), or returns the
// code when it is not one of the usual programs.
func ProgramName(code string) string {
	for _, p := range usualPrograms {
		if p.Code == code {
			return p.Name
		}
	}
	return code
}

// KnownProgram reports whether code is one of the usual programs, whose
// names the portal says in the customer's language.
func KnownProgram(code string) bool { return ProgramName(code) != code }

// ValidProgramCode reports whether code can be a program's code: 1 to 10
// capital letters and digits, as the case system writes them.
func ValidProgramCode(code string) bool {
	if code == "" || len(code) > 10 {
		return false
	}
	for _, r := range code {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// Program returns the case's program with code.
func (c *Case) Program(code string) (Program, bool) {
	for _, p := range c.Programs {
		if p.Code == code {
			return p, true
		}
	}
	return Program{}, false
}

// ProgramForWorker is the program a worker's record goes to when the worker
// names none: the worker's own program on the case when they hold exactly
// one there, else the case's first program ("" for a case without any).
func (c *Case) ProgramForWorker(workerID int64) string {
	var mine []string
	for _, p := range c.Programs {
		if p.WorkerID == workerID {
			mine = append(mine, p.Code)
		}
	}
	if len(mine) == 1 {
		return mine[0]
	}
	return c.firstProgram()
}

// ProgramForCustomer is the program a customer's record goes to when the
// customer names none (or is not sure): the county's default program when
// the case has it, else the case's first program.
func (c *Case) ProgramForCustomer(countyDefault string) string {
	if _, ok := c.Program(countyDefault); ok && countyDefault != "" {
		return countyDefault
	}
	return c.firstProgram()
}

func (c *Case) firstProgram() string {
	if len(c.Programs) == 0 {
		return ""
	}
	return c.Programs[0].Code
}

// chooseProgram returns the program code asked for, when it is a program
// of the case, or the default when none is asked for.
func (c *Case) chooseProgram(asked, def string) (string, error) {
	if asked == "" {
		return def, nil
	}
	if _, ok := c.Program(asked); !ok {
		return "", FieldError(EInvalid, "program", "%s is not a program of case %s.", asked, c.Number)
	}
	return asked, nil
}
