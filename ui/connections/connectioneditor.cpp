#include "ui/connections/connectioneditor.h"

#include "core/connections/connectionmanager.h"
#include "core/connections/databricksconfig.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace squint {

namespace {

enum TokenPage { KeychainPage, EnvironmentPage, ProfilePage, NonePage, ServicePrincipalPage, CliPage };

int pageOf(Connection::TokenSource source)
{
    switch (source) {
    case Connection::TokenSource::Keychain: return KeychainPage;
    case Connection::TokenSource::Environment: return EnvironmentPage;
    case Connection::TokenSource::DatabricksProfile: return ProfilePage;
    case Connection::TokenSource::ServicePrincipal: return ServicePrincipalPage;
    case Connection::TokenSource::DatabricksCli: return CliPage;
    case Connection::TokenSource::None: break;
    }
    return NonePage;
}

/// A token is optional for these kinds: left empty, none is sent.
bool tokenOptional(Connection::Kind kind)
{
    return kind == Connection::Kind::Ollama || kind == Connection::Kind::Compatible;
}

QLabel *feedbackLabel(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAccessibleName(accessibleName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setVisible(false);
    return label;
}

} // namespace

ConnectionEditor::ConnectionEditor(ConnectionManager *manager, QWidget *parent)
    : QWidget(parent)
    , m_manager(manager)
{
    setObjectName(QStringLiteral("connectionEditor"));
    setAccessibleName(tr("Connection"));

    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("connectionKindCombo"));
    m_kind->setAccessibleName(tr("Kind of server"));
    for (const Connection::Kind k : {Connection::Kind::Databricks, Connection::Kind::OpenAI, Connection::Kind::Ollama,
                                     Connection::Kind::Compatible})
        m_kind->addItem(kindName(k), int(k));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("connectionNameEdit"));
    m_name->setAccessibleName(tr("Name"));
    m_name->setToolTip(tr("How Squint shows this connection; left empty, a name is made from the address."));

    m_urlLabel = new QLabel(this);
    m_urlLabel->setObjectName(QStringLiteral("connectionUrlLabel"));
    m_urlLabel->setAccessibleName(tr("Address"));
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("connectionUrlEdit"));
    m_url->setInputMethodHints(Qt::ImhUrlCharactersOnly | Qt::ImhNoAutoUppercase);
    m_urlLabel->setBuddy(m_url);
    m_urlProblem = feedbackLabel(QStringLiteral("connectionUrlProblemLabel"), tr("Problem with the address"), this);
    m_urlProblem->setStyleSheet(QStringLiteral("color: #c62828;"));

    m_tokenSource = new QComboBox(this);
    m_tokenSource->setObjectName(QStringLiteral("tokenSourceCombo"));
    m_tokenSource->setAccessibleName(tr("Where the token comes from"));

    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("tokenEdit"));
    m_token->setAccessibleName(tr("Token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);

    m_tokenEnv = new QLineEdit(this);
    m_tokenEnv->setObjectName(QStringLiteral("tokenEnvEdit"));
    m_tokenEnv->setAccessibleName(tr("Environment variable holding the token"));
    m_tokenEnv->setPlaceholderText(tr("e.g. MY_SERVER_TOKEN"));

    m_profile = new QComboBox(this);
    m_profile->setObjectName(QStringLiteral("databricksProfileCombo"));
    m_profile->setAccessibleName(tr("Databricks profile"));
    m_profile->setToolTip(tr("A profile of your Databricks configuration file (~/.databrickscfg); Squint reads its "
                             "token each time it starts."));

    m_servicePrincipal = new QWidget(this);
    m_servicePrincipal->setObjectName(QStringLiteral("servicePrincipalFields"));
    m_servicePrincipal->setAccessibleName(tr("Service principal"));
    m_clientId = new QLineEdit(m_servicePrincipal);
    m_clientId->setObjectName(QStringLiteral("clientIdEdit"));
    m_clientId->setAccessibleName(tr("Client ID"));
    m_clientId->setPlaceholderText(tr("Client ID (application ID)"));
    m_clientSecret = new QLineEdit(m_servicePrincipal);
    m_clientSecret->setObjectName(QStringLiteral("clientSecretEdit"));
    m_clientSecret->setAccessibleName(tr("Client secret"));
    m_clientSecret->setEchoMode(QLineEdit::Password);
    m_clientSecret->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    auto *spBox = new QVBoxLayout(m_servicePrincipal);
    spBox->setContentsMargins(0, 0, 0, 0);
    spBox->addWidget(m_clientId);
    spBox->addWidget(m_clientSecret);

    m_cliLogin = new QLabel(this);
    m_cliLogin->setObjectName(QStringLiteral("databricksCliLabel"));
    m_cliLogin->setAccessibleName(tr("Databricks CLI sign-in"));
    m_cliLogin->setTextFormat(Qt::PlainText);
    m_cliLogin->setWordWrap(true);
    m_cliLogin->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_noToken = new QLabel(tr("No token is sent."), this);
    m_noToken->setObjectName(QStringLiteral("noTokenLabel"));
    m_noToken->setAccessibleName(tr("No token"));

    m_tokenStack = new QStackedWidget(this);
    m_tokenStack->setObjectName(QStringLiteral("tokenStack"));
    m_tokenStack->setAccessibleName(tr("Token"));
    m_tokenStack->insertWidget(KeychainPage, m_token);
    m_tokenStack->insertWidget(EnvironmentPage, m_tokenEnv);
    m_tokenStack->insertWidget(ProfilePage, m_profile);
    m_tokenStack->insertWidget(NonePage, m_noToken);
    m_tokenStack->insertWidget(ServicePrincipalPage, m_servicePrincipal);
    m_tokenStack->insertWidget(CliPage, m_cliLogin);
    m_tokenStack->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    m_tokenHint = feedbackLabel(QStringLiteral("tokenHintLabel"), tr("About the token"), this);
    m_tokenProblem = feedbackLabel(QStringLiteral("tokenProblemLabel"), tr("Problem with the token"), this);
    m_tokenProblem->setStyleSheet(QStringLiteral("color: #c62828;"));

    auto *urlBox = new QVBoxLayout;
    urlBox->setContentsMargins(0, 0, 0, 0);
    urlBox->addWidget(m_url);
    urlBox->addWidget(m_urlProblem);
    auto *tokenBox = new QVBoxLayout;
    tokenBox->setContentsMargins(0, 0, 0, 0);
    tokenBox->addWidget(m_tokenStack);
    tokenBox->addWidget(m_tokenHint);
    tokenBox->addWidget(m_tokenProblem);

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto label = [this](const QString &text, const QString &objectName, QWidget *buddy) {
        auto *l = new QLabel(text, this);
        l->setObjectName(objectName);
        l->setAccessibleName(QString(text).remove(u'&'));
        l->setBuddy(buddy);
        return l;
    };
    form->addRow(label(tr("&Kind:"), QStringLiteral("connectionKindLabel"), m_kind), m_kind);
    form->addRow(label(tr("&Name:"), QStringLiteral("connectionNameLabel"), m_name), m_name);
    form->addRow(m_urlLabel, urlBox);
    form->addRow(label(tr("T&oken from:"), QStringLiteral("tokenSourceLabel"), m_tokenSource), m_tokenSource);
    form->addRow(label(tr("Token:"), QStringLiteral("tokenLabel"), m_tokenStack), tokenBox);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &ConnectionEditor::onKindChanged);
    connect(m_name, &QLineEdit::textEdited, this, &ConnectionEditor::emitChanged);
    connect(m_url, &QLineEdit::textEdited, this, [this] {
        m_urlAuto = false;
        emitChanged();
    });
    connect(m_tokenSource, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updating)
            return;
        updateTokenPage();
        if (tokenSource() == Connection::TokenSource::DatabricksProfile)
            fillUrlFromProfile();
        emitChanged();
    });
    connect(m_token, &QLineEdit::textEdited, this, &ConnectionEditor::emitChanged);
    connect(m_tokenEnv, &QLineEdit::textEdited, this, &ConnectionEditor::emitChanged);
    connect(m_clientId, &QLineEdit::textEdited, this, &ConnectionEditor::emitChanged);
    connect(m_clientSecret, &QLineEdit::textEdited, this, &ConnectionEditor::emitChanged);
    connect(m_url, &QLineEdit::textChanged, this, [this] {
        if (tokenSource() == Connection::TokenSource::DatabricksCli)
            updateTokenPage(); // the command shown names the workspace
    });
    connect(m_profile, &QComboBox::currentIndexChanged, this, &ConnectionEditor::onProfileChanged);

    newConnection(Connection::Kind::Databricks);
}

Connection::Kind ConnectionEditor::kind() const
{
    return static_cast<Connection::Kind>(m_kind->currentData().toInt());
}

Connection::TokenSource ConnectionEditor::tokenSource() const
{
    const QVariant data = m_tokenSource->currentData();
    return data.isValid() ? static_cast<Connection::TokenSource>(data.toInt()) : Connection::TokenSource::None;
}

QString ConnectionEditor::effectiveBaseUrl() const
{
    const QString text = m_url->text().trimmed();
    return kind() == Connection::Kind::Databricks ? normalizeDatabricksHost(text) : text;
}

QString ConnectionEditor::derivedName() const
{
    const QUrl url(effectiveBaseUrl(), QUrl::TolerantMode);
    const QString host = url.isValid() ? hostAndPort(url) : QString();
    switch (kind()) {
    case Connection::Kind::Databricks:
        return host.isEmpty() ? kindName(Connection::Kind::Databricks) : tr("Databricks (%1)").arg(host);
    case Connection::Kind::OpenAI:
        return url.host() == QLatin1String("api.openai.com") || host.isEmpty() ? tr("OpenAI") : tr("OpenAI (%1)").arg(host);
    case Connection::Kind::Ollama:
        return isLoopbackHost(url.host()) || host.isEmpty() ? kindName(Connection::Kind::Ollama) : tr("Ollama (%1)").arg(host);
    case Connection::Kind::Compatible: break;
    }
    return host.isEmpty() ? kindName(Connection::Kind::Compatible) : host;
}

Connection ConnectionEditor::connection() const
{
    Connection c;
    c.id = m_id;
    c.persistent = m_persistent;
    c.kind = kind();
    c.name = m_name->text().trimmed();
    if (c.name.isEmpty())
        c.name = derivedName();
    c.baseUrl = effectiveBaseUrl();
    c.tokenSource = tokenSource();
    switch (c.tokenSource) {
    case Connection::TokenSource::Keychain:
        if (tokenOptional(c.kind) && m_token->text().trimmed().isEmpty() && !storedTokenUsable())
            c.tokenSource = Connection::TokenSource::None;
        break;
    case Connection::TokenSource::Environment: c.tokenEnv = m_tokenEnv->text().trimmed(); break;
    case Connection::TokenSource::DatabricksProfile: c.profile = m_profile->currentData().toString(); break;
    case Connection::TokenSource::ServicePrincipal: c.clientId = m_clientId->text().trimmed(); break;
    case Connection::TokenSource::DatabricksCli:
    case Connection::TokenSource::None: break;
    }
    return c;
}

QByteArray ConnectionEditor::token() const
{
    if (tokenSource() == Connection::TokenSource::ServicePrincipal)
        return m_clientSecret->text().trimmed().toUtf8();
    if (tokenSource() != Connection::TokenSource::Keychain)
        return {};
    return m_token->text().trimmed().toUtf8();
}

void ConnectionEditor::setConnection(const Connection &c)
{
    ++m_updating;
    m_id = c.id;
    m_persistent = c.persistent;
    m_hasStoredToken = (c.tokenSource == Connection::TokenSource::Keychain
                        || c.tokenSource == Connection::TokenSource::ServicePrincipal)
        && !c.id.isEmpty() && c.persistent;
    m_storedAddress = c.address();
    m_storedSource = c.tokenSource;
    m_kind->setCurrentIndex(qMax(0, m_kind->findData(int(c.kind))));
    m_tokenEnv->setText(c.tokenEnv);
    applyKind(c.kind, false); // after tokenEnv: fills the kind's usual variable when there is none
    m_name->setText(c.name);
    m_url->setText(c.baseUrl);
    m_urlAuto = c.baseUrl.isEmpty() || c.baseUrl == defaultBaseUrl(c.kind);
    m_token->clear();
    m_clientId->setText(c.clientId);
    m_clientSecret->clear();
    fillTokenSources(c.kind, c.tokenSource);
    fillProfiles(c.profile);
    --m_updating;
    updateTokenPage();
    updateFeedback();
}

void ConnectionEditor::newConnection(Connection::Kind k)
{
    Connection c;
    c.kind = k;
    c.baseUrl = defaultBaseUrl(k);
    switch (k) {
    case Connection::Kind::Databricks:
    case Connection::Kind::OpenAI:
    case Connection::Kind::Compatible: c.tokenSource = Connection::TokenSource::Keychain; break;
    case Connection::Kind::Ollama: c.tokenSource = Connection::TokenSource::None; break;
    }
    setConnection(c);
}

void ConnectionEditor::fillTokenSources(Connection::Kind k, Connection::TokenSource preferred)
{
    ++m_updating;
    const Connection::TokenSource previous = preferred;
    m_tokenSource->clear();
    const QString typed = k == Connection::Kind::OpenAI ? tr("API key typed into Squint (kept in the keychain)")
                                                        : tr("Token typed into Squint (kept in the keychain)");
    switch (k) {
    case Connection::Kind::Databricks:
        m_tokenSource->addItem(tr("Personal access token typed into Squint (kept in the keychain)"),
                               int(Connection::TokenSource::Keychain));
        m_tokenSource->addItem(tr("Sign in with the Databricks CLI (databricks auth login)"),
                               int(Connection::TokenSource::DatabricksCli));
        m_tokenSource->addItem(tr("Service principal (OAuth client ID and secret)"),
                               int(Connection::TokenSource::ServicePrincipal));
        m_tokenSource->addItem(tr("Databricks profile (~/.databrickscfg)"), int(Connection::TokenSource::DatabricksProfile));
        m_tokenSource->addItem(tr("Environment variable"), int(Connection::TokenSource::Environment));
        break;
    case Connection::Kind::OpenAI:
        m_tokenSource->addItem(typed, int(Connection::TokenSource::Keychain));
        m_tokenSource->addItem(tr("Environment variable"), int(Connection::TokenSource::Environment));
        break;
    case Connection::Kind::Ollama:
        m_tokenSource->addItem(tr("None (Ollama needs no token)"), int(Connection::TokenSource::None));
        m_tokenSource->addItem(typed, int(Connection::TokenSource::Keychain));
        m_tokenSource->addItem(tr("Environment variable"), int(Connection::TokenSource::Environment));
        break;
    case Connection::Kind::Compatible:
        m_tokenSource->addItem(tr("Token typed into Squint (optional, kept in the keychain)"),
                               int(Connection::TokenSource::Keychain));
        m_tokenSource->addItem(tr("Environment variable"), int(Connection::TokenSource::Environment));
        m_tokenSource->addItem(tr("None"), int(Connection::TokenSource::None));
        break;
    }
    int index = m_tokenSource->findData(int(previous));
    if (index < 0 && previous == Connection::TokenSource::None)
        index = m_tokenSource->findData(int(Connection::TokenSource::Keychain)); // the optional token, left empty
    m_tokenSource->setCurrentIndex(qMax(0, index));
    --m_updating;
}

void ConnectionEditor::fillProfiles(const QString &selected)
{
    ++m_updating;
    m_profile->clear();
    // Read once here, not on every keystroke: the workspace each profile names.
    m_profileHosts.clear();
    const QStringList profiles = m_manager ? m_manager->databricksProfiles() : databricksProfilesFromSystem();
    for (const QString &p : profiles) {
        m_profile->addItem(p, p);
        m_profileHosts.insert(p, m_manager ? m_manager->databricksProfileHost(p) : resolveDatabricksFromSystem(p).host);
    }
    if (!selected.isEmpty() && m_profile->findData(selected) < 0)
        m_profile->addItem(tr("%1 (not in the file)").arg(selected), selected);
    if (m_profile->count() == 0) {
        m_profile->addItem(tr("No profiles in ~/.databrickscfg"));
        m_profile->setEnabled(false);
    } else {
        m_profile->setEnabled(!m_readOnly);
    }
    const int index = m_profile->findData(selected);
    m_profile->setCurrentIndex(qMax(0, index));
    --m_updating;
}

void ConnectionEditor::applyKind(Connection::Kind k, bool resetUrl)
{
    if (k == Connection::Kind::Databricks) {
        m_urlLabel->setText(tr("&Workspace URL:"));
        m_url->setAccessibleName(tr("Workspace URL"));
        m_url->setPlaceholderText(tr("https://dbc-1234abcd-5678.cloud.databricks.com"));
        m_url->setToolTip(tr("The address of your Databricks workspace, as in the browser's address bar."));
    } else {
        m_urlLabel->setText(tr("&Base URL:"));
        m_url->setAccessibleName(tr("Base URL"));
        const QString usual = defaultBaseUrl(k);
        m_url->setPlaceholderText(usual.isEmpty() ? tr("https://llm.example.com/v1") : usual);
        m_url->setToolTip(tr("The API base: Squint adds /chat/completions and /models to it. https, or http for a "
                             "server on this computer."));
    }
    if (resetUrl && m_urlAuto)
        m_url->setText(defaultBaseUrl(k));
    if (m_tokenEnv->text().isEmpty() || m_tokenEnv->text() == QLatin1String("DATABRICKS_TOKEN")
        || m_tokenEnv->text() == QLatin1String("OPENAI_API_KEY")) {
        if (k == Connection::Kind::Databricks)
            m_tokenEnv->setText(QStringLiteral("DATABRICKS_TOKEN"));
        else if (k == Connection::Kind::OpenAI)
            m_tokenEnv->setText(QStringLiteral("OPENAI_API_KEY"));
        else
            m_tokenEnv->clear();
    }
}

void ConnectionEditor::onKindChanged()
{
    if (m_updating)
        return;
    const Connection::Kind k = kind();
    applyKind(k, true);
    // The usual token source of the new kind; keep one the user chose when the kind offers it.
    Connection::TokenSource source = tokenSource();
    if (k == Connection::Kind::Ollama && source == Connection::TokenSource::Keychain && m_token->text().isEmpty())
        source = Connection::TokenSource::None;
    if (k != Connection::Kind::Ollama && source == Connection::TokenSource::None)
        source = Connection::TokenSource::Keychain;
    fillTokenSources(k, source);
    updateTokenPage();
    emitChanged();
}

void ConnectionEditor::onProfileChanged()
{
    if (m_updating)
        return;
    fillUrlFromProfile();
    emitChanged();
}

void ConnectionEditor::fillUrlFromProfile()
{
    // A profile names its workspace: fill the address unless the user typed one.
    const QString profile = m_profile->currentData().toString();
    if (profile.isEmpty() || !(m_urlAuto || m_url->text().trimmed().isEmpty()))
        return;
    const QString host = m_profileHosts.value(profile);
    if (!host.isEmpty()) {
        m_url->setText(host);
        m_urlAuto = true;
    }
}

void ConnectionEditor::updateTokenPage()
{
    const Connection::TokenSource source = tokenSource();
    m_tokenStack->setCurrentIndex(pageOf(source));
    QString hint;
    switch (source) {
    case Connection::TokenSource::Keychain:
        updateTokenPlaceholder();
        hint = kind() == Connection::Kind::Databricks
            ? tr("A personal access token (dapi…), from User Settings › Developer › Access tokens. Squint keeps it in "
                 "the system keychain, never in its settings file.")
            : tr("Squint keeps it in the system keychain, never in its settings file.");
        break;
    case Connection::TokenSource::Environment:
        hint = tr("Squint reads this variable each time it starts; the token is never saved.");
        break;
    case Connection::TokenSource::DatabricksProfile:
        if (m_profile->count() == 0 || !m_profile->currentData().isValid())
            fillProfiles(QString());
        hint = tr("Squint reads the profile each time it connects: its personal access token, its service "
                  "principal, or a sign-in of the Databricks CLI (auth_type).");
        break;
    case Connection::TokenSource::ServicePrincipal:
        m_clientSecret->setPlaceholderText(storedTokenUsable() ? tr("Saved in the keychain; type a new one to replace it")
                                                               : tr("Client secret"));
        hint = tr("Squint asks the workspace for a short-lived token with them. The secret is kept in the system "
                  "keychain, never in its settings file, and is sent only to this workspace.");
        break;
    case Connection::TokenSource::DatabricksCli: {
        const QString host = effectiveBaseUrl();
        m_cliLogin->setText(tr("Sign in once in a terminal with:\n databricks auth login --host %1\nSquint then asks "
                               "the Databricks CLI for a token (databricks auth token) whenever it needs one.")
                                .arg(host.isEmpty() ? tr("WORKSPACE-URL") : host));
        break;
    }
    case Connection::TokenSource::None: break;
    }
    m_tokenHint->setText(hint);
    m_tokenHint->setVisible(!hint.isEmpty());
    updateFeedback();
}

bool ConnectionEditor::hasStoredSecret() const
{
    return m_hasStoredToken && m_storedSource == tokenSource();
}

bool ConnectionEditor::storedTokenUsable() const
{
    return hasStoredSecret() && sameOrigin(m_storedAddress, connectionAddress());
}

QUrl ConnectionEditor::connectionAddress() const
{
    Connection c;
    c.kind = kind();
    c.baseUrl = effectiveBaseUrl();
    return c.address();
}

void ConnectionEditor::updateTokenPlaceholder()
{
    m_token->setPlaceholderText(storedTokenUsable() ? tr("Saved in the keychain; type a new one to replace it")
                                                    : (tokenOptional(kind()) && !hasStoredSecret()
                                                           ? tr("Optional")
                                                           : tr("Paste the token here")));
}

QString ConnectionEditor::urlProblem() const
{
    return checkBaseUrl(QUrl(effectiveBaseUrl(), QUrl::TolerantMode));
}

QString ConnectionEditor::tokenProblem() const
{
    switch (tokenSource()) {
    case Connection::TokenSource::Keychain:
        if (m_token->text().trimmed().isEmpty() && hasStoredSecret() && !storedTokenUsable())
            return tr("The address is now another server's: enter its token (the saved one is not sent there).");
        if (m_token->text().trimmed().isEmpty() && !hasStoredSecret() && !tokenOptional(kind()))
            return kind() == Connection::Kind::OpenAI ? tr("Enter the API key.") : tr("Enter the token.");
        if (m_token->text().trimmed().contains(QRegularExpression(QStringLiteral("\\s"))))
            return tr("The token has spaces in it; paste it again.");
        break;
    case Connection::TokenSource::Environment: {
        const QString name = m_tokenEnv->text().trimmed();
        if (name.isEmpty())
            return tr("Enter the name of the environment variable that holds the token.");
        static const QRegularExpression valid(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        if (!valid.match(name).hasMatch())
            return tr("“%1” is not an environment variable name (letters, digits and _ only).").arg(name);
        break;
    }
    case Connection::TokenSource::DatabricksProfile: {
        const QString profile = m_profile->currentData().toString();
        if (profile.isEmpty())
            return tr("Choose a profile of ~/.databrickscfg, or another way to give the token.");
        const QString host = m_profileHosts.value(profile);
        const QString url = effectiveBaseUrl();
        if (!host.isEmpty() && !url.isEmpty() && host.compare(url, Qt::CaseInsensitive) != 0)
            return tr("Profile %1 is for %2, not this workspace; its token would not be sent here.").arg(profile, host);
        break;
    }
    case Connection::TokenSource::ServicePrincipal:
        if (m_clientId->text().trimmed().isEmpty())
            return tr("Enter the service principal's client ID.");
        if (m_clientSecret->text().trimmed().isEmpty() && hasStoredSecret() && !storedTokenUsable())
            return tr("The address is now another workspace's: enter the client secret again (the saved one is not "
                      "sent there).");
        if (m_clientSecret->text().trimmed().isEmpty() && !hasStoredSecret())
            return tr("Enter the client secret.");
        break;
    case Connection::TokenSource::DatabricksCli:
    case Connection::TokenSource::None: break;
    }
    return {};
}

QString ConnectionEditor::problem() const
{
    const QString url = urlProblem();
    return url.isEmpty() ? tokenProblem() : url;
}

void ConnectionEditor::updateFeedback()
{
    // An empty address is a problem for problem(), but not worth a red line before anything is typed.
    const QString url = m_url->text().trimmed().isEmpty() ? QString() : urlProblem();
    m_urlProblem->setText(url);
    m_urlProblem->setVisible(!url.isEmpty());
    m_url->setAccessibleDescription(url);

    // Likewise "enter the token": the empty field says it already (but not that the address moved).
    QString token = tokenProblem();
    if (tokenSource() == Connection::TokenSource::Keychain && m_token->text().trimmed().isEmpty()
        && !(hasStoredSecret() && !storedTokenUsable()))
        token.clear();
    if (tokenSource() == Connection::TokenSource::Keychain)
        updateTokenPlaceholder();
    m_tokenProblem->setText(token);
    m_tokenProblem->setVisible(!token.isEmpty());
    m_name->setPlaceholderText(derivedName());
}

void ConnectionEditor::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_kind->setEnabled(!readOnly);
    m_name->setReadOnly(readOnly);
    m_url->setReadOnly(readOnly);
    m_tokenSource->setEnabled(!readOnly);
    m_token->setReadOnly(readOnly);
    m_tokenEnv->setReadOnly(readOnly);
    m_clientId->setReadOnly(readOnly);
    m_clientSecret->setReadOnly(readOnly);
    m_profile->setEnabled(!readOnly && m_profile->currentData().isValid());
}

void ConnectionEditor::emitChanged()
{
    if (m_updating)
        return;
    updateFeedback();
    emit changed();
}

} // namespace squint
