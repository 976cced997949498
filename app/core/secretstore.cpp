#include "secretstore.h"

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

/// What a keychain job ended with, copied out of the job (which deletes itself).
struct JobResult
{
    QKeychain::Error error = QKeychain::NoError;
    QByteArray data; ///< ReadPasswordJob only
    bool timedOut = false;
};

using JobHandler = std::function<void(const JobResult &)>;

/// Starts `job` and calls `handle` once, from the event loop and never from inside this call:
/// with the job's result, or with OtherError after `timeoutMs` without an answer. Nothing is
/// called once `context` is destroyed.
void runJob(QObject *context, QKeychain::Job *job, int timeoutMs, JobHandler handle)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    auto handled = std::make_shared<bool>(false);
    QPointer<QTimer> timer = new QTimer(context);
    timer->setSingleShot(true);
    QObject::connect(timer.data(), &QTimer::timeout, context, [handled, handle, timer] {
        if (timer)
            timer->deleteLater();
        if (std::exchange(*handled, true))
            return;
        JobResult r;
        r.error = QKeychain::OtherError;
        r.timedOut = true;
        handle(r);
    });
    QObject::connect(job, &QKeychain::Job::finished, context, [context, handled, handle, timer](QKeychain::Job *j) {
        if (timer) {
            timer->stop();
            timer->deleteLater();
        }
        if (std::exchange(*handled, true))
            return;
        JobResult r;
        r.error = j->error();
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j))
            r.data = read->binaryData();
        // QtKeychain may finish a job inside start(): answer from the event loop in every case.
        post(context, [handle, r] { handle(r); });
    });
    timer->start(qMax(1, timeoutMs));
    job->start();
}

bool keychainFailed(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
    case QKeychain::CouldNotDeleteEntry:
        return false;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }
    return true;
}

QString failureReason(QKeychain::Error error)
{
    if (error == QKeychain::AccessDenied || error == QKeychain::AccessDeniedByUser)
        return Tr::tr("The keychain refused access; the token is kept for this session only.");
    return Tr::tr("No keychain answered; the token is kept for this session only.");
}

} // namespace

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

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : SecretStore(parent)
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
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    job->setKey(key);
    const quint64 generation = m_generation.value(key);
    runJob(this, job, m_jobTimeoutMs, [this, key, generation, done = std::move(done)](const JobResult &r) {
        // A write or remove since the job started wins over what the keychain held before it.
        const bool changed = m_generation.value(key) != generation;
        std::optional<QByteArray> secret;
        QString error;
        if (changed) {
            secret = m_session->peek(key);
        } else if (r.error == QKeychain::NoError) {
            m_session->put(key, r.data);
            secret = r.data;
        } else if (keychainFailed(r.error)) {
            const QString why = failureReason(r.error);
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
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    job->setKey(key);
    job->setBinaryData(secret);
    runJob(this, job, m_jobTimeoutMs, [this, done = std::move(done)](const JobResult &r) {
        bool persisted = r.error == QKeychain::NoError;
        QString error;
        if (!persisted) {
            error = failureReason(r.error);
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
    if (!m_persistent)
        return;
    auto *job = new QKeychain::DeletePasswordJob(serviceName());
    job->setKey(key);
    runJob(this, job, m_jobTimeoutMs, [this](const JobResult &r) {
        if (keychainFailed(r.error))
            loseKeychain(failureReason(r.error));
    });
}

} // namespace squint
