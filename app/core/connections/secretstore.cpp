#include "core/connections/secretstore.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>
#include <utility>

namespace squint {

// Translation context for this file's messages (lupdate reads it from here).
namespace {
class Tr
{
    Q_DECLARE_TR_FUNCTIONS(squint::SecretStore)
};
} // namespace

namespace {

/// Runs `f` from the event loop of `context`'s thread, unless `context` is gone by then.
template<typename F>
void post(QObject *context, F &&f)
{
    QMetaObject::invokeMethod(context, std::forward<F>(f), Qt::QueuedConnection);
}

/// What a keychain job ended with.
struct JobResult
{
    KeychainBackend::Result result = KeychainBackend::Result::Ok;
    QByteArray data; ///< read only
    bool timedOut = false;
};

using JobHandler = std::function<void(const JobResult &)>;
using Job = std::function<void(KeychainBackend::Done)>;

/// Starts `job` and calls `handle` once, from the event loop and never from inside this call:
/// with the job's result, or with Failed after `timeoutMs` without an answer. Nothing is called
/// once `context` is destroyed.
void runJob(QObject *context, const Job &job, int timeoutMs, JobHandler handle)
{
    auto handled = std::make_shared<bool>(false);
    QPointer<QTimer> timer = new QTimer(context);
    timer->setSingleShot(true);
    QObject::connect(timer.data(), &QTimer::timeout, context, [handled, handle, timer] {
        if (timer)
            timer->deleteLater();
        if (std::exchange(*handled, true))
            return;
        JobResult r;
        r.result = KeychainBackend::Result::Failed;
        r.timedOut = true;
        handle(r);
    });
    timer->start(qMax(1, timeoutMs));
    QPointer<QObject> guard(context);
    job([guard, handled, handle, timer](KeychainBackend::Result result, const QByteArray &data) {
        if (!guard)
            return;
        if (timer) {
            timer->stop();
            timer->deleteLater();
        }
        if (std::exchange(*handled, true))
            return;
        JobResult r;
        r.result = result;
        r.data = data;
        // A backend may answer inside the call: answer from the event loop in every case.
        post(guard.data(), [handle, r] { handle(r); });
    });
}

bool keychainFailed(const JobResult &r)
{
    return r.result == KeychainBackend::Result::Denied || r.result == KeychainBackend::Result::Failed;
}

QString failureReason(const JobResult &r)
{
    if (r.result == KeychainBackend::Result::Denied)
        return Tr::tr("The keychain refused access; the token is kept for this session only.");
    return Tr::tr("No keychain answered; the token is kept for this session only.");
}

/// The system keychain through QtKeychain, never its insecure plain-text fallback.
class QtKeychainBackend final : public KeychainBackend
{
public:
    void read(const QString &service, const QString &key, Done done) override
    {
        run(new QKeychain::ReadPasswordJob(service), key, std::move(done));
    }
    void write(const QString &service, const QString &key, const QByteArray &secret, Done done) override
    {
        auto *job = new QKeychain::WritePasswordJob(service);
        job->setBinaryData(secret);
        run(job, key, std::move(done));
    }
    void remove(const QString &service, const QString &key, Done done) override
    {
        run(new QKeychain::DeletePasswordJob(service), key, std::move(done));
    }

private:
    static void run(QKeychain::Job *job, const QString &key, Done done)
    {
        job->setAutoDelete(true);
        job->setInsecureFallback(false);
        job->setKey(key);
        QObject::connect(job, &QKeychain::Job::finished, job, [done = std::move(done)](QKeychain::Job *j) {
            QByteArray data;
            if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j))
                data = read->binaryData();
            done(resultOf(j->error()), data);
        });
        job->start();
    }
    static Result resultOf(QKeychain::Error error)
    {
        switch (error) {
        case QKeychain::NoError: return Result::Ok;
        case QKeychain::EntryNotFound:
        case QKeychain::CouldNotDeleteEntry: return Result::NotFound;
        case QKeychain::AccessDeniedByUser:
        case QKeychain::AccessDenied: return Result::Denied;
        case QKeychain::NoBackendAvailable:
        case QKeychain::NotImplemented:
        case QKeychain::OtherError: break;
        }
        return Result::Failed;
    }
};

} // namespace

KeychainBackend::~KeychainBackend() = default;

// --- MemorySecretStore ----------------------------------------------------------------------

MemorySecretStore::MemorySecretStore(QObject *parent)
    : SecretStore(parent)
{
}

MemorySecretStore::~MemorySecretStore() = default;

void MemorySecretStore::read(const QString &key, ReadCallback done)
{
    post(this, [done = std::move(done), secret = peek(key)] {
        if (done)
            done(secret, QString());
    });
}

void MemorySecretStore::write(const QString &key, const QByteArray &secret, WriteCallback done)
{
    put(key, secret);
    post(this, [done = std::move(done)] {
        if (done)
            done(false, QString());
    });
}

void MemorySecretStore::remove(const QString &key) { m_secrets.remove(key); }

std::optional<QByteArray> MemorySecretStore::peek(const QString &key) const
{
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.cend())
        return std::nullopt;
    return *it;
}

void MemorySecretStore::put(const QString &key, const QByteArray &secret) { m_secrets.insert(key, secret); }

void MemorySecretStore::clear() { m_secrets.clear(); }

// --- KeychainSecretStore --------------------------------------------------------------------

KeychainSecretStore::KeychainSecretStore(QObject *parent, std::unique_ptr<KeychainBackend> backend)
    : SecretStore(parent)
    , m_backend(backend ? std::move(backend) : std::make_unique<QtKeychainBackend>())
    , m_session(new MemorySecretStore(this))
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::serviceName() { return QStringLiteral("Squint"); }

void KeychainSecretStore::loseKeychain(const QString &why)
{
    if (!m_persistent)
        return;
    m_persistent = false;
    emit persistenceLost(why);
}

void KeychainSecretStore::read(const QString &key, ReadCallback done)
{
    if (!m_persistent || m_session->peek(key)) {
        m_session->read(key, std::move(done));
        return;
    }
    const quint64 generation = m_generation.value(key);
    KeychainBackend *backend = m_backend.get();
    const Job job = [backend, key](KeychainBackend::Done d) { backend->read(serviceName(), key, std::move(d)); };
    runJob(this, job, m_jobTimeoutMs, [this, key, generation, done = std::move(done)](const JobResult &r) {
        // A write or remove since the job started wins over what the keychain held before it.
        const bool changed = m_generation.value(key) != generation;
        std::optional<QByteArray> secret;
        QString error;
        if (changed) {
            secret = m_session->peek(key);
        } else if (r.result == KeychainBackend::Result::Ok) {
            m_session->put(key, r.data);
            secret = r.data;
        } else if (keychainFailed(r)) {
            const QString why = failureReason(r);
            loseKeychain(why);
            secret = m_session->peek(key);
            if (!secret)
                error = why;
        }
        if (done)
            done(secret, error);
    });
}

void KeychainSecretStore::write(const QString &key, const QByteArray &secret, WriteCallback done)
{
    m_session->put(key, secret);
    ++m_generation[key];
    if (!m_persistent) {
        post(this, [done = std::move(done)] {
            if (done)
                done(false, QString());
        });
        return;
    }
    KeychainBackend *backend = m_backend.get();
    const Job job = [backend, key, secret](KeychainBackend::Done d) {
        backend->write(serviceName(), key, secret, std::move(d));
    };
    runJob(this, job, m_jobTimeoutMs, [this, done = std::move(done)](const JobResult &r) {
        bool persisted = r.result == KeychainBackend::Result::Ok;
        QString error;
        if (!persisted) {
            error = failureReason(r);
            loseKeychain(error);
        }
        if (done)
            done(persisted, error);
    });
}

void KeychainSecretStore::remove(const QString &key)
{
    m_session->remove(key);
    ++m_generation[key];
    // Asked even once the keychain failed: one that timed out earlier may hold a token saved before.
    KeychainBackend *backend = m_backend.get();
    const Job job = [backend, key](KeychainBackend::Done d) { backend->remove(serviceName(), key, std::move(d)); };
    runJob(this, job, m_jobTimeoutMs, [this, key](const JobResult &r) {
        if (!keychainFailed(r))
            return;
        loseKeychain(failureReason(r));
        emit removalFailed(key, r.result == KeychainBackend::Result::Denied
                                    ? Tr::tr("the keychain refused access")
                                    : Tr::tr("the keychain did not answer"));
    });
}

} // namespace squint
