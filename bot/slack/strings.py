"""Words the Slack surfaces add around the core's replies (buttons, modals, Home).

They live in the message catalogue (`bot/core/catalogue/<locale>/slack.yaml`) like every
user-facing string; these names keep the call sites short.
"""

from __future__ import annotations

from bot.core.messages import raw

THINKING: str = raw("slack.thinking")
SORRY: str = raw("slack.sorry")
DM_MOVED: str = raw("slack.dm_moved")
MODAL_TITLE_NEW: str = raw("slack.modal_title_new")
MODAL_TITLE_SAVE: str = raw("slack.modal_title_save")
MODAL_SUBMIT: str = raw("slack.modal_submit")
MODAL_CLOSE: str = raw("slack.modal_close")
FIELD_TITLE: str = raw("slack.field_title")
FIELD_DESCRIPTION: str = raw("slack.field_description")
FIELD_ANONYMOUS: str = raw("slack.field_anonymous")
FIELD_ANONYMOUS_HINT: str = raw("slack.field_anonymous_hint")
SOURCE_LINE: str = raw("slack.source_line")
ERROR_EMPTY_TITLE: str = raw("slack.error_empty_title")
ERROR_EMPTY_DESCRIPTION: str = raw("slack.error_empty_description")
ERROR_TOO_LONG: str = raw("slack.error_too_long")
ERROR_UNREADABLE: str = raw("slack.error_unreadable")
CHOSEN: str = raw("slack.chosen")
UPVOTE: str = raw("slack.upvote")
VOTES: str = raw("slack.votes")
VOTES_PLURAL: str = raw("slack.votes_plural")
SIMILAR: str = raw("slack.similar")
BY: str = raw("slack.by")
ANONYMOUS: str = raw("slack.anonymous")
NEW_IDEA_BANNER: str = raw("slack.new_idea_banner")
MORE: str = raw("slack.more")
HOME_TITLE: str = raw("slack.home_title")
HOME_INTRO: str = raw("slack.home_intro")
HOME_NEW_IDEA: str = raw("slack.home_new_idea")
HOME_MY_IDEAS: str = raw("slack.home_my_ideas")
HOME_NO_IDEAS: str = raw("slack.home_no_ideas")
HOME_TOP_IDEAS: str = raw("slack.home_top_ideas")
HOME_NO_TOP: str = raw("slack.home_no_top")
HOME_CHALLENGES: str = raw("slack.home_challenges")
HOME_NO_CHALLENGES: str = raw("slack.home_no_challenges")
HOME_MEMORY: str = raw("slack.home_memory")
HOME_NO_MEMORY: str = raw("slack.home_no_memory")
HOME_DELETE: str = raw("slack.home_delete")
HOME_FORGET_ME: str = raw("slack.home_forget_me")
HOME_FORGET_ME_CONFIRM_TITLE: str = raw("slack.home_forget_me_confirm_title")
HOME_FORGET_ME_CONFIRM: str = raw("slack.home_forget_me_confirm")
HOME_FORGET_ME_YES: str = raw("slack.home_forget_me_yes")
HOME_FORGET_ME_NO: str = raw("slack.home_forget_me_no")
HOME_DEADLINE: str = raw("slack.home_deadline")
