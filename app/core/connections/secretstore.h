#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace squint {

/// Where tokens typed into Squint are kept, by key (Connection::keychainKey()). Asynchronous: the
/// callbacks run later from the event loop of the store's thread, never from inside the call, and
/// never once the store is destroyed. Nothing here blocks. Secrets never appear in errors.
class SecretStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)
public:
    /// `secret` is std::nullopt when there is none under the key (then `error` says why, or is
    /// empty when the key simply has no secret).
    using ReadCallback = std::function<void(std::optional<QByteArray> secret, QString error)>;
    /// `persisted` is false when the secret is kept for this session only (`error` then says why
    /// when something failed).
    using WriteCallback = std::function<void(bool persisted, QString error)>;

    explicit SecretStore(QObject *parent = nullptr)
        : QObject(parent)
    {
    }

    virtual void read(const QString &key, ReadCallback done) = 0;
    virtual void write(const QString &key, const QByteArray &secret, WriteCallback done) = 0;
    virtual void remove(const QString &key) = 0;
    /// False when secrets live for this session only (a memory store, or a keychain that failed).
    virtual bool isPersistent() const = 0;

signals:
    /// The keychain failed: from now on secrets are kept for this session only. Emitted once.
    void persistenceLost(const QString &why);
    /// remove() could not take the secret under `key` out of the keychain: it may still be there.
    void removalFailed(const QString &key, const QString &why);
};

/// The operating system's keychain as KeychainSecretStore uses it: QtKeychain by default; tests
/// pass an in-memory one. Each call answers through `done` at most once, from the event loop and
/// never from inside the call, or never at all (a keychain that hangs; the store times it out).
class KeychainBackend
{
public:
    enum class Result { Ok, NotFound, Denied, Failed };
    using Done = std::function<void(Result result, QByteArray data)>;

    KeychainBackend() = default;
    virtual ~KeychainBackend();
    Q_DISABLE_COPY_MOVE(KeychainBackend)

    virtual void read(const QString &service, const QString &key, Done done) = 0;
    virtual void write(const QString &service, const QString &key, const QByteArray &secret, Done done) = 0;
    virtual void remove(const QString &service, const QString &key, Done done) = 0;
};

/// Secrets in memory for this session only; also the in-memory keychain of tests.
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemorySecretStore)
public:
    explicit MemorySecretStore(QObject *parent = nullptr);
    ~MemorySecretStore() override;

    void read(const QString &key, ReadCallback done) override;
    void write(const QString &key, const QByteArray &secret, WriteCallback done) override;
    void remove(const QString &key) override;
    bool isPersistent() const override { return false; }

    /// Synchronous access, for the keychain store's session cache.
    std::optional<QByteArray> peek(const QString &key) const;
    void put(const QString &key, const QByteArray &secret);
    void clear();

private:
    QHash<QString, QByteArray> m_secrets;
};

/// The OS keychain through QtKeychain (Secret Service / KWallet on Linux, Keychain on macOS,
/// Credential Manager on Windows), service "Squint", never QtKeychain's insecure plain-text
/// fallback. Secrets read or written are also cached for the session.
///
/// When a keychain job fails (no backend, access denied, any other error, or no answer within
/// setJobTimeout()), the store stops using the keychain: isPersistent() turns false, persistenceLost()
/// is emitted once with a translated reason, and secrets are kept in memory for this session.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)
public:
    /// `backend` null: the system's keychain through QtKeychain.
    explicit KeychainSecretStore(QObject *parent = nullptr, std::unique_ptr<KeychainBackend> backend = {});
    /// Jobs still running finish on their own; their callbacks are not called.
    ~KeychainSecretStore() override;

    /// QtKeychain's service name for Squint's secrets.
    static QString serviceName();

    void read(const QString &key, ReadCallback done) override;
    void write(const QString &key, const QByteArray &secret, WriteCallback done) override;
    /// Asks the keychain to delete the entry even after the keychain failed (a token saved before
    /// must not outlive its connection); removalFailed() when it could not.
    void remove(const QString &key) override;
    bool isPersistent() const override { return m_persistent; }

    /// How long a keychain job may take before the keychain counts as failed (default 20 s: a
    /// locked keychain may be showing the user a password prompt).
    void setJobTimeout(int ms) { m_jobTimeoutMs = ms; }

private:
    void loseKeychain(const QString &why);

    std::unique_ptr<KeychainBackend> m_backend;
    MemorySecretStore *m_session; ///< the session cache, and the store once the keychain failed
    QHash<QString, quint64> m_generation; ///< per key: bumped by write() and remove()
    bool m_persistent = true;
    int m_jobTimeoutMs = 20000;
};

} // namespace squint
