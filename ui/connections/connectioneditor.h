#pragma once

#include "core/connections/connections.h"

#include <QByteArray>
#include <QHash>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;

namespace squint {

class ConnectionManager;

/// The form of one connection, shared by the Connections dialog and the setup panel: kind, name,
/// workspace or base URL (checked as it is typed: https, or http only on this computer) and where
/// the token comes from (typed into Squint and kept in the keychain, an environment variable, a
/// Databricks profile, or none). It never saves anything: connection() and token() are what the
/// caller hands to ConnectionManager::save().
class ConnectionEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionEditor)
public:
    /// `manager` gives the Databricks profiles of its environment; without one the system's are used.
    explicit ConnectionEditor(ConnectionManager *manager = nullptr, QWidget *parent = nullptr);

    /// The connection as edited. A token typed into Squint is not part of it (see token()). An
    /// optional token left empty (Ollama, OpenAI-compatible) gives TokenSource::None.
    Connection connection() const;
    /// The token typed into the form (a service principal's client secret); empty when none was typed
    /// (a saved one is then kept).
    QByteArray token() const;
    /// Shows `c` for editing; its id and persistence are kept in connection(). Emits no changed().
    void setConnection(const Connection &c);
    /// Starts a new connection of `kind` with that kind's usual address and token source.
    void newConnection(Connection::Kind kind);
    /// Why connection() can't be saved as it is (translated), or empty.
    QString problem() const;

    /// Shows the connection without letting it be edited (connections from the environment).
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }

signals:
    /// Any field was edited by the user.
    void changed();

private:
    Connection::Kind kind() const;
    Connection::TokenSource tokenSource() const;
    /// The base URL as it would be saved (a Databricks host normalised).
    QString effectiveBaseUrl() const;
    QString urlProblem() const;
    /// A token or client secret is saved for the token source chosen now.
    bool hasStoredSecret() const;
    /// The saved token may be sent: the address is still the saved connection's origin.
    bool storedTokenUsable() const;
    QUrl connectionAddress() const;
    void updateTokenPlaceholder();
    QString tokenProblem() const;
    QString derivedName() const;
    void fillTokenSources(Connection::Kind kind, Connection::TokenSource preferred);
    void fillProfiles(const QString &selected);
    void applyKind(Connection::Kind kind, bool resetUrl);
    void onKindChanged();
    void onProfileChanged();
    void fillUrlFromProfile();
    void updateTokenPage();
    void updateFeedback();
    void emitChanged();

    QPointer<ConnectionManager> m_manager;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_name = nullptr;
    QLabel *m_urlLabel = nullptr;
    QLineEdit *m_url = nullptr;
    QLabel *m_urlProblem = nullptr;
    QComboBox *m_tokenSource = nullptr;
    QStackedWidget *m_tokenStack = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_tokenEnv = nullptr;
    QComboBox *m_profile = nullptr;
    QWidget *m_servicePrincipal = nullptr;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_clientSecret = nullptr;
    QLabel *m_cliLogin = nullptr;
    QLabel *m_noToken = nullptr;
    QLabel *m_tokenHint = nullptr;
    QLabel *m_tokenProblem = nullptr;

    QHash<QString, QString> m_profileHosts; ///< Databricks profile -> the workspace it names
    QString m_id;
    bool m_persistent = true;
    bool m_hasStoredToken = false; ///< a saved Keychain or ServicePrincipal connection: its token (secret) is in the keychain
    QUrl m_storedAddress;          ///< where that token may go: the saved connection's address
    Connection::TokenSource m_storedSource = Connection::TokenSource::None; ///< what that secret is
    bool m_urlAuto = true;         ///< the URL field holds a default the user did not type
    bool m_readOnly = false;
    int m_updating = 0;            ///< > 0 while the form is filled by code
};

} // namespace squint
