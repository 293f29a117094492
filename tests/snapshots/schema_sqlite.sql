CREATE TABLE ad_budget_caps (
	organization_id CHAR(32) NOT NULL,
	scope_id CHAR(32) NOT NULL,
	currency VARCHAR(3) NOT NULL,
	daily VARCHAR(40),
	lifetime VARCHAR(40),
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_ad_budget_caps PRIMARY KEY (organization_id, scope_id, currency)
);

CREATE TABLE ad_rule_evaluations (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	rule_id CHAR(32) NOT NULL,
	campaign_id CHAR(32) NOT NULL,
	subject_id CHAR(32) NOT NULL,
	slot VARCHAR(40) NOT NULL,
	window_start DATETIME NOT NULL,
	window_end DATETIME NOT NULL,
	evaluated_at DATETIME NOT NULL,
	outcome VARCHAR(30) NOT NULL,
	value VARCHAR(40),
	dry_run BOOLEAN NOT NULL,
	action JSON NOT NULL,
	CONSTRAINT pk_ad_rule_evaluations PRIMARY KEY (id),
	CONSTRAINT uq_ad_rule_evaluations_window UNIQUE (rule_id, subject_id, slot)
);

CREATE INDEX ix_ad_rule_evaluations_rule_id_evaluated_at ON ad_rule_evaluations (rule_id, evaluated_at);

CREATE TABLE ad_rules (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	campaign_id CHAR(32) NOT NULL,
	experiment_id CHAR(32),
	name VARCHAR(200) NOT NULL,
	level VARCHAR(20) NOT NULL,
	action VARCHAR(30) NOT NULL,
	definition JSON NOT NULL,
	cooldown_seconds INTEGER NOT NULL,
	max_actions_per_day INTEGER NOT NULL,
	dry_run BOOLEAN NOT NULL,
	enabled BOOLEAN NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_ad_rules PRIMARY KEY (id)
);

CREATE INDEX ix_ad_rules_campaign_id ON ad_rules (campaign_id);

CREATE INDEX ix_ad_rules_organization_id_created_at ON ad_rules (organization_id, created_at);

CREATE TABLE alert_rules (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	name VARCHAR(200) NOT NULL,
	measure VARCHAR(40) NOT NULL,
	channel VARCHAR(30),
	subject_kind VARCHAR(30),
	subject_id CHAR(32),
	comparison VARCHAR(5) NOT NULL,
	threshold VARCHAR(40) NOT NULL,
	window_days INTEGER NOT NULL,
	enabled BOOLEAN NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_alert_rules PRIMARY KEY (id)
);

CREATE INDEX ix_alert_rules_organization_id_brand_id_created_at ON alert_rules (organization_id, brand_id, created_at);

CREATE TABLE api_keys (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	created_by CHAR(32) NOT NULL,
	name VARCHAR(200) NOT NULL,
	public_id VARCHAR(32) NOT NULL,
	secret_hash VARCHAR(128) NOT NULL,
	scopes JSON NOT NULL,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	revoked_at DATETIME,
	last_used_at DATETIME,
	parent_id CHAR(32),
	CONSTRAINT pk_api_keys PRIMARY KEY (id),
	CONSTRAINT uq_api_keys_public_id UNIQUE (public_id)
);

CREATE INDEX ix_api_keys_organization_id ON api_keys (organization_id);

CREATE INDEX ix_api_keys_parent_id ON api_keys (parent_id);

CREATE TABLE attribution_clicks (
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	event_id VARCHAR(200) NOT NULL,
	visitor VARCHAR(200) NOT NULL,
	clicked_at DATETIME NOT NULL,
	channel VARCHAR(100) NOT NULL,
	campaign VARCHAR(200) NOT NULL,
	content VARCHAR(200) NOT NULL,
	path_key VARCHAR(200),
	CONSTRAINT pk_attribution_clicks PRIMARY KEY (organization_id, brand_id, event_id)
);

CREATE INDEX ix_attribution_clicks_clicked_at ON attribution_clicks (organization_id, brand_id, clicked_at);

CREATE INDEX ix_attribution_clicks_visitor ON attribution_clicks (organization_id, brand_id, visitor, clicked_at);

CREATE TABLE attribution_paths (
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	path_key VARCHAR(200) NOT NULL,
	fingerprint VARCHAR(32) NOT NULL,
	source VARCHAR(10) NOT NULL,
	touchpoints JSON NOT NULL,
	converted_at DATETIME,
	ended_at DATETIME NOT NULL,
	value VARCHAR(40) NOT NULL,
	recorded_at DATETIME NOT NULL,
	CONSTRAINT pk_attribution_paths PRIMARY KEY (organization_id, brand_id, path_key)
);

CREATE INDEX ix_attribution_paths_ended_at ON attribution_paths (organization_id, brand_id, ended_at);

CREATE TABLE audiences (
	id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	persona_name VARCHAR(120) NOT NULL,
	persona_key VARCHAR(120) NOT NULL,
	age_min INTEGER,
	age_max INTEGER,
	locations JSON NOT NULL,
	interests JSON NOT NULL,
	pain_points JSON NOT NULL,
	goals JSON NOT NULL,
	preferred_channels JSON NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	archived_at DATETIME,
	CONSTRAINT pk_audiences PRIMARY KEY (id),
	CONSTRAINT uq_audiences_brand_id_persona_key UNIQUE (brand_id, persona_key),
	CONSTRAINT fk_audiences_brand_id_brands FOREIGN KEY(brand_id) REFERENCES brands (id) ON DELETE CASCADE
);

CREATE INDEX ix_audiences_organization_id ON audiences (organization_id);

CREATE TABLE audit_log (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32),
	actor_type VARCHAR(20) NOT NULL,
	actor_id CHAR(32),
	actor_on_behalf_of CHAR(32),
	action VARCHAR(100) NOT NULL,
	resource_type VARCHAR(50) NOT NULL,
	resource_id VARCHAR(200),
	"before" JSON,
	"after" JSON,
	ip VARCHAR(64),
	user_agent VARCHAR(500),
	trace_id VARCHAR(64),
	request_id VARCHAR(128),
	occurred_at DATETIME NOT NULL,
	CONSTRAINT pk_audit_log PRIMARY KEY (id)
);

CREATE INDEX ix_audit_log_organization_occurred ON audit_log (organization_id, occurred_at);

CREATE TABLE brand_enrichments (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	url VARCHAR(2048) NOT NULL,
	requested_by CHAR(32) NOT NULL,
	suggestions JSON NOT NULL,
	findings JSON NOT NULL,
	failures JSON NOT NULL,
	created_at DATETIME NOT NULL,
	reviewed_at DATETIME,
	CONSTRAINT pk_brand_enrichments PRIMARY KEY (id)
);

CREATE INDEX ix_brand_enrichments_organization_id_brand_id_created_at ON brand_enrichments (organization_id, brand_id, created_at);

CREATE TABLE brands (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	name VARCHAR(200) NOT NULL,
	slug VARCHAR(80) NOT NULL,
	industry VARCHAR(100) NOT NULL,
	description TEXT NOT NULL,
	website VARCHAR(2048),
	voice JSON NOT NULL,
	styling JSON NOT NULL,
	status VARCHAR(20) NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	archived_at DATETIME,
	time_zone VARCHAR(64) DEFAULT 'UTC' NOT NULL,
	blackout_dates JSON DEFAULT '[]' NOT NULL,
	CONSTRAINT pk_brands PRIMARY KEY (id),
	CONSTRAINT uq_brands_organization_id_slug UNIQUE (organization_id, slug),
	CONSTRAINT fk_brands_organization_id_organizations FOREIGN KEY(organization_id) REFERENCES organizations (id)
);

CREATE INDEX ix_brands_organization_id_industry ON brands (organization_id, industry);

CREATE INDEX ix_brands_organization_id_status ON brands (organization_id, status);

CREATE TABLE campaigns (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	ad_account_id CHAR(32) NOT NULL,
	name VARCHAR(200) NOT NULL,
	objective VARCHAR(30) NOT NULL,
	currency VARCHAR(3) NOT NULL,
	starts_at DATETIME NOT NULL,
	ends_at DATETIME,
	status VARCHAR(20) NOT NULL,
	status_reason VARCHAR(100) NOT NULL,
	remote_id VARCHAR(512),
	tree JSON NOT NULL,
	launched_at DATETIME,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_campaigns PRIMARY KEY (id)
);

CREATE INDEX ix_campaigns_organization_id_brand_id_created_at ON campaigns (organization_id, brand_id, created_at);

CREATE INDEX ix_campaigns_status_created_at ON campaigns (status, created_at);

CREATE TABLE channel_account_credentials (
	account_id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	key_id VARCHAR(64) NOT NULL,
	ciphertext BLOB NOT NULL,
	CONSTRAINT pk_channel_account_credentials PRIMARY KEY (account_id),
	CONSTRAINT fk_channel_account_credentials_account_id_channel_accounts FOREIGN KEY(account_id) REFERENCES channel_accounts (id) ON DELETE CASCADE
);

CREATE INDEX ix_channel_account_credentials_key_id ON channel_account_credentials (key_id);

CREATE TABLE channel_accounts (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	integration_id CHAR(32) NOT NULL,
	kind VARCHAR(40) NOT NULL,
	external_id VARCHAR(200) NOT NULL,
	name VARCHAR(200) NOT NULL,
	channel VARCHAR(40) NOT NULL,
	time_zone VARCHAR(64) NOT NULL,
	currency VARCHAR(3),
	details JSON NOT NULL,
	has_own_credentials BOOLEAN NOT NULL,
	status VARCHAR(20) NOT NULL,
	status_reason VARCHAR(40),
	daily_cap INTEGER,
	min_spacing_minutes INTEGER NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_channel_accounts PRIMARY KEY (id),
	CONSTRAINT uq_channel_accounts_brand_destination UNIQUE (brand_id, kind, external_id),
	CONSTRAINT fk_channel_accounts_organization_id_organizations FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
	CONSTRAINT fk_channel_accounts_brand_id_brands FOREIGN KEY(brand_id) REFERENCES brands (id) ON DELETE CASCADE,
	CONSTRAINT fk_channel_accounts_integration_id_integrations FOREIGN KEY(integration_id) REFERENCES integrations (id) ON DELETE CASCADE
);

CREATE INDEX ix_channel_accounts_integration_id ON channel_accounts (integration_id);

CREATE INDEX ix_channel_accounts_organization_id_brand_id_created_at ON channel_accounts (organization_id, brand_id, created_at);

CREATE TABLE competitors (
	id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	name VARCHAR(200) NOT NULL,
	name_key VARCHAR(200) NOT NULL,
	website VARCHAR(2048),
	feed_urls JSON NOT NULL,
	notes TEXT NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	archived_at DATETIME,
	CONSTRAINT pk_competitors PRIMARY KEY (id),
	CONSTRAINT uq_competitors_brand_id_name_key UNIQUE (brand_id, name_key),
	CONSTRAINT fk_competitors_brand_id_brands FOREIGN KEY(brand_id) REFERENCES brands (id) ON DELETE CASCADE
);

CREATE INDEX ix_competitors_organization_id ON competitors (organization_id);

CREATE TABLE content_comments (
	id CHAR(32) NOT NULL,
	content_id CHAR(32) NOT NULL,
	position INTEGER NOT NULL,
	version_number INTEGER NOT NULL,
	parent_id CHAR(32),
	author VARCHAR(200) NOT NULL,
	body TEXT NOT NULL,
	anchor_field VARCHAR(60),
	anchor_start INTEGER,
	anchor_end INTEGER,
	resolved BOOLEAN NOT NULL,
	resolved_at DATETIME,
	resolved_by VARCHAR(200),
	created_at DATETIME NOT NULL,
	CONSTRAINT pk_content_comments PRIMARY KEY (id),
	CONSTRAINT fk_content_comments_content_id_content_pieces FOREIGN KEY(content_id) REFERENCES content_pieces (id) ON DELETE CASCADE
);

CREATE INDEX ix_content_comments_content_id_position ON content_comments (content_id, position);

CREATE TABLE content_pieces (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	project_id CHAR(32),
	content_type VARCHAR(40) NOT NULL,
	channel VARCHAR(40) NOT NULL,
	locale VARCHAR(35) NOT NULL,
	title VARCHAR(300) NOT NULL,
	status VARCHAR(20) NOT NULL,
	status_reason TEXT NOT NULL,
	scheduled_for DATETIME,
	media JSON NOT NULL,
	current_version INTEGER NOT NULL,
	search_text TEXT NOT NULL,
	promoted_from_experiment CHAR(32),
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_content_pieces PRIMARY KEY (id),
	CONSTRAINT fk_content_pieces_organization_id_organizations FOREIGN KEY(organization_id) REFERENCES organizations (id),
	CONSTRAINT fk_content_pieces_brand_id_brands FOREIGN KEY(brand_id) REFERENCES brands (id),
	CONSTRAINT fk_content_pieces_project_id_projects FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE SET NULL
);

CREATE INDEX ix_content_pieces_organization_id_brand_id ON content_pieces (organization_id, brand_id);

CREATE INDEX ix_content_pieces_organization_id_status ON content_pieces (organization_id, status);

CREATE TABLE content_templates (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32),
	name VARCHAR(200) NOT NULL,
	name_key VARCHAR(200) NOT NULL,
	content_type VARCHAR(40) NOT NULL,
	industry VARCHAR(100),
	channel VARCHAR(40),
	body TEXT NOT NULL,
	variables JSON NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_content_templates PRIMARY KEY (id),
	CONSTRAINT uq_content_templates_organization_id_name_key UNIQUE (organization_id, name_key),
	CONSTRAINT fk_content_templates_organization_id_organizations FOREIGN KEY(organization_id) REFERENCES organizations (id),
	CONSTRAINT fk_content_templates_brand_id_brands FOREIGN KEY(brand_id) REFERENCES brands (id) ON DELETE CASCADE
);

CREATE TABLE content_versions (
	id CHAR(32) NOT NULL,
	content_id CHAR(32) NOT NULL,
	number INTEGER NOT NULL,
	content_type VARCHAR(40) NOT NULL,
	channel VARCHAR(40) NOT NULL,
	locale VARCHAR(35) NOT NULL,
	title VARCHAR(300) NOT NULL,
	body TEXT NOT NULL,
	fields JSON NOT NULL,
	author VARCHAR(200) NOT NULL,
	provenance JSON,
	note TEXT NOT NULL,
	created_at DATETIME NOT NULL,
	CONSTRAINT pk_content_versions PRIMARY KEY (id),
	CONSTRAINT uq_content_versions_content_id_number UNIQUE (content_id, number),
	CONSTRAINT fk_content_versions_content_id_content_pieces FOREIGN KEY(content_id) REFERENCES content_pieces (id) ON DELETE CASCADE
);

CREATE TABLE evergreen_rules (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	channel_account_ids JSON NOT NULL,
	measure VARCHAR(40) NOT NULL,
	lookback_days INTEGER NOT NULL,
	min_trials INTEGER NOT NULL,
	min_age_days INTEGER NOT NULL,
	cooldown_days INTEGER NOT NULL,
	max_per_week INTEGER NOT NULL,
	active BOOLEAN NOT NULL,
	picks JSON NOT NULL,
	last_run_at DATETIME,
	next_run_at DATETIME NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_evergreen_rules PRIMARY KEY (id),
	CONSTRAINT uq_evergreen_rules_organization_id_brand_id UNIQUE (organization_id, brand_id)
);

CREATE INDEX ix_evergreen_rules_active_next_run_at ON evergreen_rules (active, next_run_at);

CREATE TABLE experiment_observations (
	experiment_id CHAR(32) NOT NULL,
	event_id VARCHAR(200) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	unit_id VARCHAR(200) NOT NULL,
	arm VARCHAR(64) NOT NULL,
	kind VARCHAR(12) NOT NULL,
	metric VARCHAR(64),
	value FLOAT NOT NULL,
	covariate FLOAT,
	occurred_at DATETIME NOT NULL,
	CONSTRAINT pk_experiment_observations PRIMARY KEY (experiment_id, event_id)
);

CREATE TABLE experiment_units (
	experiment_id CHAR(32) NOT NULL,
	arm VARCHAR(64) NOT NULL,
	unit_id VARCHAR(200) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	exposed INTEGER NOT NULL,
	covariate FLOAT,
	c0 INTEGER NOT NULL,
	c1 INTEGER NOT NULL,
	c2 INTEGER NOT NULL,
	c3 INTEGER NOT NULL,
	c4 INTEGER NOT NULL,
	c5 INTEGER NOT NULL,
	c6 INTEGER NOT NULL,
	c7 INTEGER NOT NULL,
	c8 INTEGER NOT NULL,
	c9 INTEGER NOT NULL,
	c10 INTEGER NOT NULL,
	y0 FLOAT NOT NULL,
	y1 FLOAT NOT NULL,
	y2 FLOAT NOT NULL,
	y3 FLOAT NOT NULL,
	y4 FLOAT NOT NULL,
	y5 FLOAT NOT NULL,
	y6 FLOAT NOT NULL,
	y7 FLOAT NOT NULL,
	y8 FLOAT NOT NULL,
	y9 FLOAT NOT NULL,
	y10 FLOAT NOT NULL,
	CONSTRAINT pk_experiment_units PRIMARY KEY (experiment_id, arm, unit_id)
);

CREATE TABLE experiments (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	name VARCHAR(200) NOT NULL,
	hypothesis TEXT NOT NULL,
	mode VARCHAR(20) NOT NULL,
	design JSON NOT NULL,
	alpha FLOAT NOT NULL,
	power FLOAT NOT NULL,
	required_sample_size INTEGER NOT NULL,
	max_sample_factor FLOAT NOT NULL,
	salt VARCHAR(100) NOT NULL,
	status VARCHAR(20) NOT NULL,
	stopping_reason VARCHAR(30),
	winner VARCHAR(64),
	result JSON NOT NULL,
	started_at DATETIME,
	stopped_at DATETIME,
	concluded_at DATETIME,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_experiments PRIMARY KEY (id)
);

CREATE INDEX ix_experiments_organization_id_created_at ON experiments (organization_id, created_at);

CREATE TABLE generation_budgets (
	organization_id CHAR(32) NOT NULL,
	token_limit BIGINT,
	cost_limit_micros BIGINT,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_generation_budgets PRIMARY KEY (organization_id)
);

CREATE TABLE generation_usage (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	user_id CHAR(32),
	agent VARCHAR(60) NOT NULL,
	adapter VARCHAR(100) NOT NULL,
	model VARCHAR(200) NOT NULL,
	prompt_version VARCHAR(60) NOT NULL,
	input_tokens BIGINT NOT NULL,
	output_tokens BIGINT NOT NULL,
	cost_micros BIGINT NOT NULL,
	latency_ms FLOAT NOT NULL,
	cached BOOLEAN NOT NULL,
	at DATETIME NOT NULL,
	hold_until DATETIME,
	CONSTRAINT pk_generation_usage PRIMARY KEY (id)
);

CREATE INDEX ix_generation_usage_organization_id_at ON generation_usage (organization_id, at);

CREATE TABLE idempotency_keys (
	"key" VARCHAR(400) NOT NULL,
	fingerprint VARCHAR(64) NOT NULL,
	outcome BLOB,
	expires_at DATETIME NOT NULL,
	CONSTRAINT pk_idempotency_keys PRIMARY KEY ("key")
);

CREATE INDEX ix_idempotency_keys_expires_at ON idempotency_keys (expires_at);

CREATE TABLE inbound_webhooks (
	id CHAR(32) NOT NULL,
	platform VARCHAR(40) NOT NULL,
	received_at DATETIME NOT NULL,
	scheme VARCHAR(40) NOT NULL,
	digest VARCHAR(64) NOT NULL,
	headers JSON NOT NULL,
	body BLOB NOT NULL,
	CONSTRAINT pk_inbound_webhooks PRIMARY KEY (id),
	CONSTRAINT uq_inbound_webhooks_platform_digest UNIQUE (platform, digest)
);

CREATE INDEX ix_inbound_webhooks_received_at ON inbound_webhooks (received_at);

CREATE TABLE insights (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	"key" VARCHAR(300) NOT NULL,
	kind VARCHAR(20) NOT NULL,
	series VARCHAR(250) NOT NULL,
	day DATE NOT NULL,
	measure VARCHAR(40) NOT NULL,
	channel VARCHAR(30),
	subject_kind VARCHAR(30),
	subject_id CHAR(32),
	direction VARCHAR(10) NOT NULL,
	headline VARCHAR(500) NOT NULL,
	statistics JSON NOT NULL,
	evidence JSON NOT NULL,
	rule_id CHAR(32),
	status VARCHAR(20) NOT NULL,
	status_by CHAR(32),
	detected_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	version INTEGER NOT NULL,
	CONSTRAINT pk_insights PRIMARY KEY (id),
	CONSTRAINT uq_insights_key UNIQUE (organization_id, brand_id, "key")
);

CREATE INDEX ix_insights_organization_id_brand_id_detected_at ON insights (organization_id, brand_id, detected_at);

CREATE INDEX ix_insights_organization_id_brand_id_series_day ON insights (organization_id, brand_id, series, day);

CREATE TABLE integration_credentials (
	integration_id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	key_id VARCHAR(64) NOT NULL,
	ciphertext BLOB NOT NULL,
	CONSTRAINT pk_integration_credentials PRIMARY KEY (integration_id),
	CONSTRAINT fk_integration_credentials_integration_id_integrations FOREIGN KEY(integration_id) REFERENCES integrations (id) ON DELETE CASCADE
);

CREATE INDEX ix_integration_credentials_key_id ON integration_credentials (key_id);

CREATE TABLE integrations (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	platform VARCHAR(40) NOT NULL,
	external_account_id VARCHAR(200),
	account_name VARCHAR(300),
	scopes JSON NOT NULL,
	status VARCHAR(20) NOT NULL,
	error_reason VARCHAR(40),
	connected_at DATETIME,
	token_expires_at DATETIME,
	last_sync_at DATETIME,
	last_health_check_at DATETIME,
	last_health_reason VARCHAR(40),
	next_refresh_at DATETIME,
	next_health_check_at DATETIME,
	created_by CHAR(32) NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	version INTEGER NOT NULL,
	CONSTRAINT pk_integrations PRIMARY KEY (id),
	CONSTRAINT fk_integrations_organization_id_organizations FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);

CREATE INDEX ix_integrations_next_health_check_at ON integrations (next_health_check_at);

CREATE INDEX ix_integrations_next_refresh_at ON integrations (next_refresh_at);

CREATE INDEX ix_integrations_organization_id_created_at ON integrations (organization_id, created_at);

CREATE UNIQUE INDEX uq_integrations_active_account ON integrations (organization_id, platform, external_account_id) WHERE status != 'revoked';

CREATE TABLE invitations (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	email VARCHAR(320) NOT NULL,
	email_normalized VARCHAR(320) NOT NULL,
	role VARCHAR(32) NOT NULL,
	brand_scope JSON,
	token_hash VARCHAR(128) NOT NULL,
	invited_by CHAR(32) NOT NULL,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	accepted_at DATETIME,
	accepted_by CHAR(32),
	revoked_at DATETIME,
	CONSTRAINT pk_invitations PRIMARY KEY (id),
	CONSTRAINT fk_invitations_organization_id_organizations FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
	CONSTRAINT uq_invitations_token_hash UNIQUE (token_hash)
);

CREATE INDEX ix_invitations_organization_email ON invitations (organization_id, email_normalized);

CREATE TABLE jobs (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	user_id CHAR(32) NOT NULL,
	agent VARCHAR(100) NOT NULL,
	task_type VARCHAR(100) NOT NULL,
	status VARCHAR(20) NOT NULL,
	result JSON,
	error JSON,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	finished_at DATETIME,
	progress JSON,
	replays INTEGER DEFAULT '0' NOT NULL,
	reopened_at DATETIME,
	CONSTRAINT pk_jobs PRIMARY KEY (id)
);

CREATE INDEX ix_jobs_organization_created ON jobs (organization_id, created_at);

CREATE TABLE memberships (
	organization_id CHAR(32) NOT NULL,
	user_id CHAR(32) NOT NULL,
	role VARCHAR(32) NOT NULL,
	created_at DATETIME NOT NULL,
	brand_scope JSON,
	CONSTRAINT pk_memberships PRIMARY KEY (organization_id, user_id),
	CONSTRAINT fk_memberships_organization_id_organizations FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
	CONSTRAINT fk_memberships_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_memberships_user_id ON memberships (user_id);

CREATE TABLE metric_rollup_queue (
	organization_id CHAR(32) NOT NULL,
	subject_id CHAR(32) NOT NULL,
	subject_kind VARCHAR(30) NOT NULL,
	metric VARCHAR(40) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	since DATETIME NOT NULL
);

CREATE TABLE metric_rollups (
	organization_id CHAR(32) NOT NULL,
	subject_id CHAR(32) NOT NULL,
	subject_kind VARCHAR(30) NOT NULL,
	metric VARCHAR(40) NOT NULL,
	day DATE NOT NULL,
	brand_id CHAR(32) NOT NULL,
	channel VARCHAR(30) NOT NULL,
	value VARCHAR(40) NOT NULL,
	total VARCHAR(40) NOT NULL,
	currency VARCHAR(3),
	CONSTRAINT pk_metric_rollups PRIMARY KEY (organization_id, subject_id, subject_kind, metric, day)
);

CREATE INDEX ix_metric_rollups_organization_id_brand_id_day_metric ON metric_rollups (organization_id, brand_id, day, metric);

CREATE TABLE metric_samples (
	subject_id CHAR(32) NOT NULL,
	subject_kind VARCHAR(30) NOT NULL,
	metric VARCHAR(40) NOT NULL,
	observed_at DATETIME NOT NULL,
	source VARCHAR(40) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	channel VARCHAR(30) NOT NULL,
	value VARCHAR(40) NOT NULL,
	raw_name VARCHAR(200) NOT NULL,
	currency VARCHAR(3),
	CONSTRAINT pk_metric_samples PRIMARY KEY (organization_id, subject_id, subject_kind, metric, observed_at, source)
);

CREATE INDEX ix_metric_samples_observed_at ON metric_samples (observed_at);

CREATE TABLE metric_sync_states (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	platform VARCHAR(40) NOT NULL,
	cursor TEXT,
	next_due_at DATETIME NOT NULL,
	last_attempt_at DATETIME,
	last_success_at DATETIME,
	last_error_reason VARCHAR(40),
	last_error_message VARCHAR(500),
	consecutive_failures INTEGER NOT NULL,
	retry_not_before DATETIME,
	samples_stored BIGINT NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_metric_sync_states PRIMARY KEY (id)
);

CREATE INDEX ix_metric_sync_states_next_due_at ON metric_sync_states (next_due_at);

CREATE INDEX ix_metric_sync_states_organization_id_brand_id ON metric_sync_states (organization_id, brand_id);

CREATE TABLE oauth_states (
	state_hash VARCHAR(64) NOT NULL,
	id CHAR(32) NOT NULL,
	binding_hash VARCHAR(64) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	user_id CHAR(32) NOT NULL,
	platform VARCHAR(40) NOT NULL,
	scopes JSON NOT NULL,
	redirect_uri VARCHAR(2048) NOT NULL,
	return_to VARCHAR(2048),
	key_id VARCHAR(64) NOT NULL,
	verifier_ciphertext BLOB NOT NULL,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	CONSTRAINT pk_oauth_states PRIMARY KEY (state_hash),
	CONSTRAINT uq_oauth_states_id UNIQUE (id),
	CONSTRAINT fk_oauth_states_organization_id_organizations FOREIGN KEY(organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);

CREATE INDEX ix_oauth_states_expires_at ON oauth_states (expires_at);

CREATE INDEX ix_oauth_states_key_id ON oauth_states (key_id);

CREATE TABLE organizations (
	id CHAR(32) NOT NULL,
	name VARCHAR(200) NOT NULL,
	slug VARCHAR(80) NOT NULL,
	created_at DATETIME NOT NULL,
	CONSTRAINT pk_organizations PRIMARY KEY (id)
);

CREATE INDEX ix_organizations_slug ON organizations (slug);

CREATE TABLE outbox (
	id CHAR(32) NOT NULL,
	position BIGINT NOT NULL,
	event_type VARCHAR(100) NOT NULL,
	aggregate_type VARCHAR(50) NOT NULL,
	aggregate_id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	occurred_at DATETIME NOT NULL,
	payload JSON NOT NULL,
	published_at DATETIME,
	CONSTRAINT pk_outbox PRIMARY KEY (id),
	CONSTRAINT uq_outbox_position UNIQUE (position)
);

CREATE INDEX ix_outbox_unpublished ON outbox (position) WHERE published_at IS NULL;

CREATE TABLE pacing_checks (
	ad_set_id CHAR(32) NOT NULL,
	slot VARCHAR(40) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	campaign_id CHAR(32) NOT NULL,
	checked_at DATETIME NOT NULL,
	state VARCHAR(20) NOT NULL,
	ratio VARCHAR(40),
	action JSON NOT NULL,
	CONSTRAINT pk_pacing_checks PRIMARY KEY (ad_set_id, slot)
);

CREATE TABLE planned_publications (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	project_id CHAR(32),
	content_id CHAR(32) NOT NULL,
	channel_account_id CHAR(32) NOT NULL,
	channel VARCHAR(20) NOT NULL,
	due_at DATETIME NOT NULL,
	time_zone VARCHAR(64) NOT NULL,
	local_time VARCHAR(32) NOT NULL,
	proposal_id CHAR(32),
	slot INTEGER,
	status VARCHAR(20) NOT NULL,
	publication_id CHAR(32),
	reason VARCHAR(500),
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_planned_publications PRIMARY KEY (id),
	CONSTRAINT uq_planned_publications_proposal_id_slot UNIQUE (proposal_id, slot)
);

CREATE INDEX ix_planned_publications_organization_id_brand_id_due_at ON planned_publications (organization_id, brand_id, due_at);

CREATE INDEX ix_planned_publications_organization_id_content_id ON planned_publications (organization_id, content_id);

CREATE INDEX ix_planned_publications_status_due_at ON planned_publications (status, due_at);

CREATE TABLE processed_messages (
	"key" VARCHAR(400) NOT NULL,
	processed_at DATETIME NOT NULL,
	CONSTRAINT pk_processed_messages PRIMARY KEY ("key")
);

CREATE INDEX ix_processed_messages_processed_at ON processed_messages (processed_at);

CREATE TABLE projects (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	name VARCHAR(200) NOT NULL,
	project_type VARCHAR(40) NOT NULL,
	custom_type VARCHAR(100) NOT NULL,
	description TEXT NOT NULL,
	goals JSON NOT NULL,
	channels JSON NOT NULL,
	start_date DATE,
	end_date DATE,
	assignee_id CHAR(32),
	status VARCHAR(20) NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_projects PRIMARY KEY (id),
	CONSTRAINT fk_projects_organization_id_organizations FOREIGN KEY(organization_id) REFERENCES organizations (id),
	CONSTRAINT fk_projects_brand_id_brands FOREIGN KEY(brand_id) REFERENCES brands (id),
	CONSTRAINT fk_projects_assignee_id_users FOREIGN KEY(assignee_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE INDEX ix_projects_assignee_id ON projects (assignee_id);

CREATE INDEX ix_projects_organization_id_brand_id ON projects (organization_id, brand_id);

CREATE INDEX ix_projects_organization_id_status ON projects (organization_id, status);

CREATE TABLE publication_attempts (
	publication_id CHAR(32) NOT NULL,
	number INTEGER NOT NULL,
	organization_id CHAR(32) NOT NULL,
	fence INTEGER NOT NULL,
	started_at DATETIME NOT NULL,
	finished_at DATETIME,
	outcome VARCHAR(20) NOT NULL,
	reason VARCHAR(30),
	rejection VARCHAR(20),
	detail TEXT NOT NULL,
	remote_id VARCHAR(200),
	CONSTRAINT pk_publication_attempts PRIMARY KEY (publication_id, number),
	CONSTRAINT fk_publication_attempts_publication_id_publications FOREIGN KEY(publication_id) REFERENCES publications (id) ON DELETE CASCADE
);

CREATE TABLE publication_schedules (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	content_id CHAR(32) NOT NULL,
	channel_account_ids JSON NOT NULL,
	frequency VARCHAR(20) NOT NULL,
	weekdays JSON NOT NULL,
	interval_days INTEGER,
	local_time TIME NOT NULL,
	time_zone VARCHAR(64) NOT NULL,
	starts_on DATE NOT NULL,
	ends_on DATE,
	horizon_days INTEGER NOT NULL,
	expanded_until DATE,
	next_expansion_on DATE,
	active BOOLEAN NOT NULL,
	grace_seconds INTEGER,
	missed_policy VARCHAR(20),
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_publication_schedules PRIMARY KEY (id)
);

CREATE INDEX ix_publication_schedules_active_next_expansion_on ON publication_schedules (active, next_expansion_on);

CREATE INDEX ix_publication_schedules_organization_id_created_at ON publication_schedules (organization_id, created_at);

CREATE TABLE publications (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	project_id CHAR(32),
	content_id CHAR(32) NOT NULL,
	content_version_id CHAR(32) NOT NULL,
	channel_account_id CHAR(32) NOT NULL,
	channel VARCHAR(20) NOT NULL,
	kind VARCHAR(40) NOT NULL,
	status VARCHAR(20) NOT NULL,
	due_at DATETIME NOT NULL,
	time_zone VARCHAR(64) NOT NULL,
	local_time DATETIME NOT NULL,
	next_attempt_at DATETIME NOT NULL,
	grace_seconds INTEGER NOT NULL,
	missed_policy VARCHAR(20) NOT NULL,
	fence INTEGER NOT NULL,
	lease_owner VARCHAR(200),
	lease_expires_at DATETIME,
	remote_id VARCHAR(200),
	remote_url VARCHAR(2048),
	published_at DATETIME,
	first_comment TEXT,
	comment_status VARCHAR(20),
	comment_attempts INTEGER,
	comment_next_at DATETIME,
	comment_id VARCHAR(200),
	comment_reason VARCHAR(30),
	comment_detail TEXT,
	comment_updated_at DATETIME,
	schedule_id CHAR(32),
	rendering JSON NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_publications PRIMARY KEY (id),
	CONSTRAINT uq_publications_schedule_id_channel_account_id_due_at UNIQUE (schedule_id, channel_account_id, due_at)
);

CREATE INDEX ix_publications_comment_status_comment_next_at ON publications (comment_status, comment_next_at);

CREATE INDEX ix_publications_organization_id_brand_id_due_at ON publications (organization_id, brand_id, due_at);

CREATE INDEX ix_publications_organization_id_channel_account_id_due_at ON publications (organization_id, channel_account_id, due_at);

CREATE INDEX ix_publications_organization_id_content_id ON publications (organization_id, content_id);

CREATE INDEX ix_publications_organization_id_due_at ON publications (organization_id, due_at);

CREATE INDEX ix_publications_status_lease_expires_at ON publications (status, lease_expires_at);

CREATE INDEX ix_publications_status_next_attempt_at ON publications (status, next_attempt_at);

CREATE TABLE refresh_tokens (
	token_hash VARCHAR(128) NOT NULL,
	user_id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	family_id VARCHAR(128) NOT NULL,
	issued_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	used_at DATETIME,
	revoked_at DATETIME,
	CONSTRAINT pk_refresh_tokens PRIMARY KEY (token_hash),
	CONSTRAINT fk_refresh_tokens_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id);

CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id);

CREATE TABLE remote_objects (
	channel_account_id CHAR(32) NOT NULL,
	remote_id VARCHAR(512) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	subject_kind VARCHAR(30) NOT NULL,
	subject_id CHAR(32) NOT NULL,
	CONSTRAINT pk_remote_objects PRIMARY KEY (channel_account_id, remote_id)
);

CREATE INDEX ix_remote_objects_organization_id_subject_kind_subject_id ON remote_objects (organization_id, subject_kind, subject_id);

CREATE TABLE report_deliveries (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	schedule_id CHAR(32) NOT NULL,
	due_at DATETIME NOT NULL,
	kind VARCHAR(30) NOT NULL,
	since DATE NOT NULL,
	until DATE NOT NULL,
	file_format VARCHAR(10) NOT NULL,
	filename VARCHAR(200) NOT NULL,
	media_type VARCHAR(100) NOT NULL,
	content BLOB NOT NULL,
	recipients JSON NOT NULL,
	created_at DATETIME NOT NULL,
	mail_status VARCHAR(10) NOT NULL,
	mail_attempts INTEGER NOT NULL,
	mail_claimed_until DATETIME,
	mailed_at DATETIME,
	CONSTRAINT pk_report_deliveries PRIMARY KEY (id),
	CONSTRAINT uq_report_deliveries_schedule_id_due_at UNIQUE (schedule_id, due_at)
);

CREATE INDEX ix_report_deliveries_mail_status_mail_claimed_until ON report_deliveries (mail_status, mail_claimed_until);

CREATE TABLE report_schedules (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	kind VARCHAR(30) NOT NULL,
	range_days INTEGER NOT NULL,
	cadence VARCHAR(10) NOT NULL,
	weekday INTEGER,
	hour INTEGER NOT NULL,
	time_zone VARCHAR(64) NOT NULL,
	recipients JSON NOT NULL,
	webhook BOOLEAN NOT NULL,
	file_format VARCHAR(10) NOT NULL,
	next_due_at DATETIME NOT NULL,
	claimed_until DATETIME,
	last_delivered_at DATETIME,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_report_schedules PRIMARY KEY (id)
);

CREATE INDEX ix_report_schedules_next_due_at ON report_schedules (next_due_at);

CREATE INDEX ix_report_schedules_organization_id_brand_id ON report_schedules (organization_id, brand_id);

CREATE TABLE research_crawls (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	competitor_ids JSON NOT NULL,
	requested_by CHAR(32) NOT NULL,
	status VARCHAR(20) NOT NULL,
	started_at DATETIME NOT NULL,
	finished_at DATETIME,
	counts JSON NOT NULL,
	failures JSON NOT NULL,
	CONSTRAINT pk_research_crawls PRIMARY KEY (id)
);

CREATE INDEX ix_research_crawls_organization_id_brand_id_started_at ON research_crawls (organization_id, brand_id, started_at);

CREATE TABLE research_documents (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	competitor_id CHAR(32) NOT NULL,
	url VARCHAR(2048) NOT NULL,
	source_url VARCHAR(2048) NOT NULL,
	title VARCHAR(500) NOT NULL,
	published_at DATETIME,
	text_hash VARCHAR(64) NOT NULL,
	word_count INTEGER NOT NULL,
	keyphrases JSON NOT NULL,
	signature BLOB NOT NULL,
	cluster VARCHAR(200),
	near_duplicate_of VARCHAR(2048),
	etag VARCHAR(500),
	last_modified VARCHAR(100),
	fetched_at DATETIME NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_research_documents PRIMARY KEY (id),
	CONSTRAINT uq_research_documents_url UNIQUE (brand_id, url)
);

CREATE INDEX ix_research_documents_organization_id_brand_id_fetched_at ON research_documents (organization_id, brand_id, fetched_at);

CREATE TABLE research_sources (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	competitor_id CHAR(32) NOT NULL,
	url VARCHAR(2048) NOT NULL,
	kind VARCHAR(20) NOT NULL,
	etag VARCHAR(500),
	last_modified VARCHAR(100),
	fetched_at DATETIME,
	status INTEGER,
	failure VARCHAR(40),
	listed INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	CONSTRAINT pk_research_sources PRIMARY KEY (id),
	CONSTRAINT uq_research_sources_url UNIQUE (brand_id, competitor_id, url)
);

CREATE INDEX ix_research_sources_organization_id_brand_id ON research_sources (organization_id, brand_id);

CREATE TABLE strategy_calendar_proposals (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	project_id CHAR(32),
	starts_on DATE NOT NULL,
	weeks INTEGER NOT NULL,
	per_week INTEGER NOT NULL,
	status VARCHAR(20) NOT NULL,
	slots JSON NOT NULL,
	skipped JSON NOT NULL,
	pieces JSON NOT NULL,
	accepted_by CHAR(32),
	accepted_at DATETIME,
	rejected_by CHAR(32),
	rejected_at DATETIME,
	rejection_reason VARCHAR(500),
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_strategy_calendar_proposals PRIMARY KEY (id)
);

CREATE INDEX ix_strategy_calendar_proposals_brand ON strategy_calendar_proposals (organization_id, brand_id, created_at);

CREATE TABLE strategy_recommendations (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	brand_id CHAR(32) NOT NULL,
	kind VARCHAR(20) NOT NULL,
	"key" VARCHAR(300) NOT NULL,
	status VARCHAR(20) NOT NULL,
	confidence FLOAT NOT NULL,
	advice JSON NOT NULL,
	dismissed_by CHAR(32),
	dismissed_at DATETIME,
	dismissal_reason VARCHAR(500),
	accepted_by CHAR(32),
	accepted_at DATETIME,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CONSTRAINT pk_strategy_recommendations PRIMARY KEY (id),
	CONSTRAINT uq_strategy_recommendations_key UNIQUE (organization_id, brand_id, "key")
);

CREATE INDEX ix_strategy_recommendations_organization_id_brand_id ON strategy_recommendations (organization_id, brand_id);

CREATE TABLE users (
	id CHAR(32) NOT NULL,
	email VARCHAR(320) NOT NULL,
	email_normalized VARCHAR(320) NOT NULL,
	password_hash VARCHAR(512) NOT NULL,
	display_name VARCHAR(200) NOT NULL,
	is_active BOOLEAN NOT NULL,
	created_at DATETIME NOT NULL,
	CONSTRAINT pk_users PRIMARY KEY (id),
	CONSTRAINT uq_users_email_normalized UNIQUE (email_normalized)
);

CREATE TABLE webhook_deliveries (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	subscription_id CHAR(32) NOT NULL,
	event_id CHAR(32) NOT NULL,
	event_type VARCHAR(100) NOT NULL,
	payload JSON NOT NULL,
	source_key VARCHAR(100) NOT NULL,
	status VARCHAR(20) NOT NULL,
	attempts INTEGER NOT NULL,
	next_attempt_at DATETIME NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	last_status_code INTEGER,
	last_error TEXT,
	replay_of CHAR(32),
	CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
	CONSTRAINT uq_webhook_deliveries_subscription_id_source_key UNIQUE (subscription_id, source_key)
);

CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

CREATE INDEX ix_webhook_deliveries_subscription_id_created_at ON webhook_deliveries (subscription_id, created_at);

CREATE TABLE webhook_delivery_attempts (
	delivery_id CHAR(32) NOT NULL,
	number INTEGER NOT NULL,
	attempted_at DATETIME NOT NULL,
	duration_ms INTEGER NOT NULL,
	status_code INTEGER,
	response_excerpt TEXT NOT NULL,
	error TEXT,
	CONSTRAINT pk_webhook_delivery_attempts PRIMARY KEY (delivery_id, number)
);

CREATE TABLE webhook_subscriptions (
	id CHAR(32) NOT NULL,
	organization_id CHAR(32) NOT NULL,
	url VARCHAR(2048) NOT NULL,
	event_types JSON NOT NULL,
	description VARCHAR(500) NOT NULL,
	active BOOLEAN NOT NULL,
	secret_key_id VARCHAR(64) NOT NULL,
	secret_ciphertext BLOB NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	version INTEGER NOT NULL,
	CONSTRAINT pk_webhook_subscriptions PRIMARY KEY (id)
);

CREATE INDEX ix_webhook_subscriptions_organization_id_created_at ON webhook_subscriptions (organization_id, created_at);
