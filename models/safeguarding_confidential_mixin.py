from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .safeguarding_confidential_tools import MANAGER_GROUP, confidential_models


class SafeguardingConfidentialMixin(models.AbstractModel):
    """What keeps a review and everything under it confidential on the paths around the
    record rules (docs: README, "Who sees what"; tests/test_confidentiality.py).

    The record rules decide who reads and writes a record. Around them, Odoo:
    - names related records as superuser (group labels, many2one labels, activities'
      res_name, messages' record_name): a display name here is neutral for a user who may
      not read the record, since for these models it is their confidential text;
    - groups, sorts and searches by relational fields without the user's right on the
      comodel: refused here, naming the field;
    - checks the rules on a record before a write, not where the write puts it: the links
      that place a record in its review are fixed, a record may only link records of its
      own review, a write must leave the record within the writer's reach, read-only
      fields are read-only over RPC too, and what only managers change is checked per field;
    - takes a follower's word as leave to post: here only those who may write a record
      follow it, and so post on it (models/mail_message.py checks the post itself).
    Values of the wrong type are refused first (safeguarding.values.mixin).
    """

    _name = "safeguarding.confidential.mixin"
    _description = "Confidential part of a safeguarding review"
    _inherit = ["safeguarding.values.mixin", "safeguarding.plain.read.mixin"]

    # Fields only managers change (the forms show them read-only to everyone else).
    _manager_fields = frozenset()
    # Links that place a record in its review: given at creation, never moved.
    _fixed_fields = frozenset()
    # Read-only fields that a creation may still give (a review's imported reference).
    _create_only_fields = frozenset()
    # Fields the record rules read: after a write to one, the writer must still reach the
    # record (nobody moves a record out of their own reach, or into another's).
    _reach_fields = frozenset(
        {"company_id", "review_id", "finding_id", "episode_id", "owner_id", "lead_reviewer_ids"}
        | {"team_member_ids"}
    )

    is_safeguarding_manager = fields.Boolean(
        compute="_compute_is_safeguarding_manager",
        # A new record's form takes defaults, not computes, for fields that depend on
        # nothing it holds: without it, a manager's new review had its manager-only fields
        # read-only until saved.
        default=lambda self: self.env.user.has_group(MANAGER_GROUP),
        help="The user changes what only managers change (the forms' read-only switch).",
    )

    @api.model
    def _setup_fields(self):
        res = super()._setup_fields()
        # Odoo joins a record's messages in a search without mail.message's rules
        # (auto_join): a search on message_ids.body found a review by its internal notes.
        # Joined as any other link, the search goes through them (models/mail_message.py).
        for name in ("message_ids", "website_message_ids"):
            field = self._fields.get(name)
            if field is not None:
                field.auto_join = False
        return res

    @api.depends_context("uid")
    def _compute_is_safeguarding_manager(self):
        self.is_safeguarding_manager = self.env.user.has_group(MANAGER_GROUP)

    # Names computed as superuser ----------------------------------------------------
    @api.depends_context("uid")
    def _compute_display_name(self):
        # Never reached by models that name records their own way; it is here so that every
        # display name here is cached per user (its depends_context is collected along the
        # MRO), as _compute_field_value below makes it depend on who asks.
        return super()._compute_display_name()

    def _compute_field_value(self, field):
        if field.name == "display_name" and self.env.su and self.env.uid != SUPERUSER_ID:
            # sudo keeps the real user in env.uid: a label computed as superuser on behalf of a
            # user who may not read the record says what kind of record it is, and nothing more.
            stored = self.browse(i for i in self._ids if isinstance(i, int))
            readable = stored.with_env(self.env(su=False))._filtered_access("read")
            hidden = stored - readable.with_env(self.env)
            if hidden:
                hidden.display_name = _("%(kind)s (restricted)", kind=self._description)
                return super(SafeguardingConfidentialMixin, self - hidden)._compute_field_value(
                    field
                )
        return super()._compute_field_value(field)

    def _track_prepare(self, fields_iter):
        # mail.thread prepares the tracking of every computation, of its stored fields: one
        # of non-stored fields (most of a card's) has none, and skips the look-up of the
        # tracked fields, a decorator's each time (on the threads only: mail calls it).
        names = list(fields_iter)
        return super()._track_prepare(names) if names else None

    # Grouping, sorting and searching by relational fields -----------------------------
    def _check_relational_reach(self, fname):
        """Refuse to group, sort or search by ``fname`` a user who may not read the field or
        the records it points at: Odoo would name those records as superuser (groups), use
        their values (sorting) or skip the field's groups (many2many)."""
        field = self._fields.get(fname)
        if self.env.su or field is None or not field.relational:
            return
        self.check_field_access_rights("read", [fname])
        if not self.env[field.comodel_name].has_access("read"):
            raise AccessError(
                _(
                    "%(field)s: you may not group, sort or search by it, as you have no access "
                    "to %(model)s.",
                    field=field._description_string(self.env),
                    model=self.env[field.comodel_name]._description,
                )
            )

    def _read_group_groupby(self, groupby_spec, query):
        self._check_relational_reach(groupby_spec.split(":")[0].split(".")[0])
        return super()._read_group_groupby(groupby_spec, query)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        self._check_relational_reach(field_name.split(".")[0])
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            for leaf in domain or ():
                if isinstance(leaf, list | tuple) and len(leaf) == 3 and isinstance(leaf[0], str):
                    self._check_relational_reach(leaf[0].split(".")[0])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    # Forms ---------------------------------------------------------------------------
    def onchange(self, values, field_names, fields_spec):
        # A form computes the related and computed fields of the record being edited as
        # superuser: a link to a record the user may not read would show its values (a
        # finding's statement, a review's reference or pseudonym).
        if not self.env.su:
            self._check_links_readable(values)
        return super().onchange(values, field_names, fields_spec)

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        if not self.env.su:
            # As in onchange; and a default parent (context default_review_id) is one the user
            # runs, as a parent given in the values is (_check_parents_writable).
            self._check_links_readable(defaults)
            self._check_parents_writable(defaults)
        return defaults

    def _check_links_readable(self, values):
        linked = {}
        for name, value in values.items():
            field = self._fields.get(name)
            if field is None or not field.relational:
                continue
            if field.type == "many2one":
                if isinstance(value, dict):  # {"id": ..., "display_name": ...}
                    value = value.get("id")
                ids = [value] if self._is_id(value) else []
            else:
                pairs = self._linked_ids(field, value)
                ids = [i for _comodel, some in pairs for i in some if self._is_id(i)]
            if ids:
                linked.setdefault((field.comodel_name, name), set()).update(ids)
        self._check_linked(linked)

    # Who may write what (hooks of safeguarding.values.mixin's create and write) ---------
    def _check_before_write(self, vals, creating=False):
        if self.env.su:
            return
        self._check_writable(vals, creating=creating)
        if creating:
            self._check_parents_writable(vals)
        else:
            self._check_fixed_links(vals)

    def _check_after_write(self, names, creating=False):
        self._check_links_in_review(names)
        if not creating and not self.env.su and self._reach_fields & set(names):
            self._check_still_in_reach(self._reach_fields & set(names))

    def _check_parents_writable(self, vals):
        """A record is added only under a review (finding, episode) its creator runs.

        Checked before the insert: the record rules would refuse it after, but a unique
        constraint met first would tell the user what the review holds."""
        for name in self._fixed_fields & set(vals):
            field = self._fields[name]
            if field.type != "many2one" or not vals[name] or field.related:
                continue
            parent = self.env[field.comodel_name].browse(
                field.convert_to_cache(vals[name], self, validate=False)
            )
            if not parent._filtered_access("write"):
                raise AccessError(
                    _(
                        "%(field)s: you may only add to a %(kind)s you run.",
                        field=self._field_label(name),
                        kind=parent._description,
                    )
                )

    def _check_writable(self, vals, creating=False):
        """Read-only fields stay read-only over RPC; fields only managers change, and what
        else a role may not write here (``_fields_the_user_may_not_write``), are refused.
        Only values that change something count: the web client sends a new record's
        defaults, and a write may repeat a value."""
        changed = self._changed_fields(vals, creating)
        readonly = [
            name
            for name in changed
            if self._fields[name].readonly
            and self._fields[name]._module == "safeguarding_review"
            and not (creating and name in self._create_only_fields)
        ]
        if readonly:
            raise UserError(
                _(
                    "%(fields)s: read-only, set by the app itself.",
                    fields=", ".join(self._field_label(n) for n in readonly),
                )
            )
        refused = self._fields_the_user_may_not_write(changed)
        if refused:
            raise AccessError(
                _(
                    "%(fields)s: you may not change this here. %(why)s",
                    fields=", ".join(self._field_label(n) for n in sorted(refused)),
                    why=self._why_not_writable(refused),
                )
            )

    def _changed_fields(self, vals, creating):
        """The fields of ``vals`` whose value differs from the default (creating) or from the
        value of at least one record of ``self``."""
        names = [name for name in vals if name in self._fields]
        defaults = self.default_get(names) if creating else {}
        changed = set()
        for name in names:
            field, value = self._fields[name], vals[name]
            if field.type in ("one2many", "many2many"):
                if value:
                    changed.add(name)
                continue
            new = field.convert_to_cache(value, self, validate=False)
            if creating:
                old = field.convert_to_cache(defaults.get(name, False), self, validate=False)
                if new != old:
                    changed.add(name)
            elif any(field.convert_to_cache(r[name], r, validate=False) != new for r in self):
                changed.add(name)
        return changed

    def _fields_the_user_may_not_write(self, names):
        """Of ``names``, those the current user may not write on ``self`` (or create with)."""
        if self.env.user.has_group(MANAGER_GROUP):
            return set()
        return names & self._manager_fields

    def _why_not_writable(self, names):
        return _("Only a manager of the board changes it.")

    def _check_fixed_links(self, vals):
        for name in self._fixed_fields & set(vals):
            new = self._fields[name].convert_to_record(
                self._fields[name].convert_to_cache(vals[name], self), self
            )
            moved = self.filtered(lambda r, n=name, v=new: r[n] != v)
            if moved:
                raise UserError(
                    _(
                        "%(field)s: a %(kind)s stays where it was created. Create a new one "
                        "there instead.",
                        field=self._field_label(name),
                        kind=self._description,
                    )
                )

    def _check_links_in_review(self, names):
        """A record of a review links only records of the same review."""
        if "review_id" not in self._fields or not self:
            return
        confidential = confidential_models(self.env)
        for name in names:
            field = self._fields.get(name)
            if (
                name in self._fixed_fields
                or field is None
                or field.type not in ("many2one", "many2many")
                or field.comodel_name not in confidential
                or "review_id" not in self.env[field.comodel_name]._fields
            ):
                continue
            # sudo: only the reviews of the linked records are read, to compare them.
            for record in self.sudo():
                strangers = record[name].filtered(lambda t, r=record: t.review_id != r.review_id)
                if strangers:
                    # Not named: they are another review's, which the user may not be on.
                    raise ValidationError(
                        _(
                            "%(field)s: %(count)s of them belong(s) to another review, not to "
                            "%(review)s.",
                            field=self._field_label(name),
                            count=len(strangers),
                            review=record.review_id.name,
                        )
                    )

    def _check_still_in_reach(self, names):
        result = self._check_access("write")
        if result:
            raise AccessError(
                _(
                    "%(fields)s: this change would take the %(kind)s out of your reach (another "
                    "review, company or team). Ask a manager.",
                    fields=", ".join(self._field_label(n) for n in sorted(names)),
                    kind=self._description,
                )
            )

    # Followers -----------------------------------------------------------------------
    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # Odoo lets a reader follow a record, and a follower post on it: here the board
        # reads reviews, and only those who may write a record follow it.
        if "message_follower_ids" not in self._fields:
            return True  # not a thread (a factor, an entry): nobody follows it
        if partner_ids and not self.env.su:
            self.check_access("write")
            # sudo: whether the partners have a login, to refuse contacts outright (a family
            # member would be emailed every change); users without the right are left out
            # quietly in _message_subscribe, as when an activity is assigned to a reader.
            partners = self.env["res.partner"].sudo().browse(partner_ids)  # sudo: see above
            outsiders = partners.filtered(lambda p: not p.user_ids.filtered(lambda u: not u.share))
            if outsiders:
                raise UserError(
                    _(
                        "Followers: %(who)s cannot follow a %(kind)s: only the review team "
                        "and managers do, and %(who)s has no login as staff.",
                        who=", ".join(outsiders.mapped("name")),
                        kind=self._description,
                    )
                )
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Followers are notified of every change (by email too): keep to the partners of
        internal users who may write each record. Others are left out, silently, as they are
        when an activity is assigned to them (the assignment itself is checked)."""
        if "message_follower_ids" not in self._fields:
            return True
        if not partner_ids:
            return super()._message_subscribe(partner_ids, subtype_ids, customer_ids)
        allowed = self._partners_who_may_follow(partner_ids)
        by_partners = {}
        for record in self:
            by_partners.setdefault(allowed[record.id], []).append(record.id)
        for pids, ids in by_partners.items():
            if pids:
                super(SafeguardingConfidentialMixin, self.browse(ids))._message_subscribe(
                    list(pids), subtype_ids, customer_ids
                )
        return True

    def _partners_who_may_follow(self, partner_ids):
        """{record id: frozenset of the partners of ``partner_ids`` who may follow it}."""
        allowed = {record.id: set() for record in self}
        # sudo: the users behind the partners, to test their rights; nothing is returned.
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        for partner in partners:
            for user in partner.user_ids.filtered(lambda u: not u.share):
                writable = self.with_user(user)._filtered_access("write")
                for record_id in writable.ids:
                    allowed[record_id].add(partner.id)
        return {rid: frozenset(pids) for rid, pids in allowed.items()}
