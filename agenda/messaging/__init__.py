"""Messages: iCalendar objects, iMIP emails, invitation texts and the publication planner."""
