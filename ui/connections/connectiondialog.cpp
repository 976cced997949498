#include "ui/connections/connectiondialog.h"

#include "ui/connections/connectioneditor.h"
#include "core/connections/connectionmanager.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace squint {

namespace {

QPushButton *button(const QString &text, const QString &objectName, const QString &tip, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    b->setAccessibleName(QString(text).remove(u'&'));
    b->setToolTip(tip);
    b->setAutoDefault(false);
    return b;
}

} // namespace

ConnectionDialog::ConnectionDialog(ConnectionManager *manager, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
{
    Q_ASSERT(manager);
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connections"));
    setAccessibleName(tr("Connections"));
    setAccessibleDescription(tr("The servers Squint can send requests to, and the one it uses."));
    setWindowModality(Qt::WindowModal);

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("connectionList"));
    m_list->setAccessibleName(tr("Connections"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setMinimumWidth(200);

    m_add = button(tr("&Add"), QStringLiteral("addConnectionButton"), tr("Start a new connection"), this);
    m_remove = button(tr("&Remove"), QStringLiteral("removeConnectionButton"),
                      tr("Forget the selected connection and its saved token"), this);

    m_sourceNote = new QLabel(this);
    m_sourceNote->setObjectName(QStringLiteral("connectionSourceLabel"));
    m_sourceNote->setAccessibleName(tr("Where this connection comes from"));
    m_sourceNote->setWordWrap(true);
    m_sourceNote->setTextFormat(Qt::PlainText);

    m_editor = new ConnectionEditor(manager, this);

    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("connectionTestResultLabel"));
    m_result->setAccessibleName(tr("Result"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_test = button(tr("&Test"), QStringLiteral("testConnectionButton"),
                    tr("Ask the server for its models with these settings, without saving them"), this);
    m_save = button(tr("&Save"), QStringLiteral("saveConnectionButton"), QString(), this);
    m_save->setDefault(true);
    m_use = button(tr("&Use This Connection"), QStringLiteral("useConnectionButton"),
                   tr("Save the changes, if any, and send requests to this connection"), this);
    m_close = button(tr("&Close"), QStringLiteral("closeConnectionsButton"), tr("Close this window"), this);

    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_remove);
    listButtons->addStretch(1);
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);

    auto *formButtons = new QHBoxLayout;
    formButtons->addWidget(m_test);
    formButtons->addStretch(1);
    formButtons->addWidget(m_save);
    formButtons->addWidget(m_use);
    auto *right = new QVBoxLayout;
    right->addWidget(m_sourceNote);
    right->addWidget(m_editor);
    right->addWidget(m_result);
    right->addStretch(1);
    right->addLayout(formButtons);

    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addLayout(right, 3);
    auto *bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addLayout(bottom);

    connect(m_list, &QListWidget::currentRowChanged, this, &ConnectionDialog::onRowChanged);
    connect(m_add, &QPushButton::clicked, this, &ConnectionDialog::addConnection);
    connect(m_remove, &QPushButton::clicked, this, &ConnectionDialog::removeSelected);
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_save, &QPushButton::clicked, this, [this] { saveConnection(); });
    connect(m_use, &QPushButton::clicked, this, &ConnectionDialog::useConnection);
    connect(m_close, &QPushButton::clicked, this, &ConnectionDialog::reject);
    connect(m_editor, &ConnectionEditor::changed, this, [this] {
        m_dirty = true;
        updateButtons();
    });
    connect(manager, &ConnectionManager::connectionsChanged, this, &ConnectionDialog::reload);
    connect(manager, &ConnectionManager::currentChanged, this, &ConnectionDialog::reload);

    reload();
    const QString current = manager->currentId();
    if (!current.isEmpty())
        selectConnection(current);
    else if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    else
        addConnection();
    resize(sizeHint().expandedTo(QSize(760, 420)));
}

void ConnectionDialog::reload()
{
    if (!m_manager)
        return;
    m_reloading = true;
    m_list->clear();
    const QString currentId = m_manager->currentId();
    const QList<Connection> all = m_manager->connections();
    int selectRow = -1;
    for (const Connection &c : all) {
        QString text = c.name;
        QString origin;
        if (c.id == ConnectionManager::detectedOllamaId())
            origin = tr("found on this computer");
        else if (!c.persistent)
            origin = tr("from the environment");
        if (!origin.isEmpty())
            text = tr("%1 (%2)").arg(text, origin);
        const bool inUse = c.id == currentId;
        if (inUse)
            text = tr("%1 — in use").arg(text);
        auto *item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, c.id);
        item->setToolTip(tr("%1 at %2").arg(kindName(c.kind), c.baseUrl));
        item->setData(Qt::AccessibleDescriptionRole, item->toolTip());
        if (inUse) {
            QFont f = item->font();
            f.setBold(true);
            item->setFont(f);
        }
        if (c.id == m_editingId)
            selectRow = m_list->count() - 1;
    }
    m_list->setCurrentRow(selectRow);
    m_reloading = false;

    if (!m_editingId.isEmpty() && selectRow < 0) {
        // The connection shown is gone (removed): show the current one, else the first.
        m_editingId.clear();
        if (!currentId.isEmpty() && m_manager->connection(currentId))
            selectConnection(currentId);
        else if (m_list->count() > 0)
            m_list->setCurrentRow(0);
        else
            addConnection();
    }
    updateButtons();
}

void ConnectionDialog::selectConnection(const QString &id)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(Qt::UserRole).toString() == id) {
            if (m_list->currentRow() == row) {
                if (const auto c = m_manager->connection(id))
                    showConnection(*c);
            } else {
                m_list->setCurrentRow(row);
            }
            return;
        }
    }
}

void ConnectionDialog::onRowChanged()
{
    if (m_reloading || !m_manager)
        return;
    const QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    if (const auto c = m_manager->connection(item->data(Qt::UserRole).toString()))
        showConnection(*c);
}

void ConnectionDialog::showConnection(const Connection &c)
{
    m_editingId = c.id;
    m_editable = c.persistent;
    m_editor->setConnection(c);
    m_editor->setReadOnly(!m_editable);
    if (c.id == ConnectionManager::detectedOllamaId()) {
        m_sourceNote->setText(tr("Squint found this Ollama server on this computer. Add a connection to change its "
                                 "settings."));
    } else if (!c.persistent) {
        m_sourceNote->setText(tr("This connection comes from the environment (DATABRICKS_HOST, DATABRICKS_TOKEN, "
                                 "~/.databrickscfg or OPENAI_API_KEY); change it there, or add a connection."));
    } else {
        m_sourceNote->clear();
    }
    m_sourceNote->setVisible(!m_sourceNote->text().isEmpty());
    m_dirty = false;
    abandonTest();
    m_result->clear();
    updateButtons();
}

void ConnectionDialog::addConnection()
{
    m_reloading = true;
    m_list->setCurrentRow(-1);
    m_reloading = false;
    m_editingId.clear();
    m_editable = true;
    m_editor->setReadOnly(false);
    m_editor->newConnection(Connection::Kind::Databricks);
    m_sourceNote->setText(tr("New connection"));
    m_sourceNote->setVisible(true);
    m_dirty = true;
    abandonTest();
    m_result->clear();
    updateButtons();
}

void ConnectionDialog::removeSelected()
{
    if (!m_manager || m_editingId.isEmpty() || !m_editable)
        return;
    const QString name = m_editor->connection().name;
    m_manager->remove(m_editingId); // reload() then shows another connection
    showResult(true, tr("Removed %1.").arg(name));
}

void ConnectionDialog::testConnection()
{
    if (!m_manager || !m_editor->problem().isEmpty())
        return;
    abandonTest();
    showResult(true, tr("Testing…"));
    m_running = m_manager->test(m_editor->connection(), m_editor->token(), this);
    connect(m_running, &ConnectionTest::finished, this, [this, test = m_running.data()] {
        m_running = nullptr;
        showResult(test->ok(), test->message());
        test->deleteLater();
        updateButtons();
    });
    updateButtons();
}

void ConnectionDialog::abandonTest()
{
    delete m_running.data();
}

QString ConnectionDialog::saveConnection()
{
    if (!m_manager || !m_editable || !m_editor->problem().isEmpty())
        return {};
    const Connection c = m_editor->connection();
    m_editingId = m_manager->save(c, m_editor->token(), false);
    m_dirty = false;
    reload();
    selectConnection(m_editingId);
    showResult(true, tr("Saved %1.").arg(c.name));
    return m_editingId;
}

void ConnectionDialog::useConnection()
{
    if (!m_manager || !m_editor->problem().isEmpty())
        return;
    QString id = m_editingId;
    if (m_editable && (m_dirty || id.isEmpty())) {
        id = m_manager->save(m_editor->connection(), m_editor->token(), true);
        m_editingId = id;
        m_dirty = false;
        reload();
        selectConnection(id);
    } else {
        m_manager->setCurrent(id);
    }
    if (const auto c = m_manager->connection(id))
        showResult(true, tr("Squint now sends requests to %1.").arg(c->name));
    updateButtons();
}

void ConnectionDialog::updateButtons()
{
    const QString problem = m_editor->problem();
    const bool ok = problem.isEmpty();
    m_save->setEnabled(m_editable && ok && (m_dirty || m_editingId.isEmpty()));
    m_save->setToolTip(!m_editable ? tr("Connections from the environment are not saved")
                                   : (ok ? tr("Save this connection") : problem));
    m_test->setEnabled(ok && !m_running);
    m_remove->setEnabled(m_editable && !m_editingId.isEmpty());
    const bool isCurrent = m_manager && !m_editingId.isEmpty() && m_editingId == m_manager->currentId();
    m_use->setEnabled(ok && (!isCurrent || m_dirty));
}

void ConnectionDialog::showResult(bool ok, const QString &text)
{
    m_result->setText(text);
    m_result->setStyleSheet(ok ? QString() : QStringLiteral("color: #c62828;"));
    m_result->setAccessibleDescription(text);
}

} // namespace squint
