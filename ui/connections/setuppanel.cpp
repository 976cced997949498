#include "ui/connections/setuppanel.h"

#include "ui/connections/connectioneditor.h"
#include "core/connections/connectionmanager.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace squint {

SetupPanel::SetupPanel(ConnectionManager *manager, QWidget *parent)
    : QWidget(parent)
    , m_manager(manager)
{
    Q_ASSERT(manager);
    setObjectName(QStringLiteral("setupPanel"));
    setAccessibleName(tr("Set up a connection"));

    auto *title = new QLabel(tr("Connect Squint to a model"), this);
    title->setObjectName(QStringLiteral("setupTitleLabel"));
    title->setAccessibleName(title->text());
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto *intro = new QLabel(tr("Squint needs a model endpoint. Choose the kind of server that runs your vision model, "
                                "fill in its address and token, and press Test to check them. You can add more "
                                "connections later under Connections…"),
                             this);
    intro->setObjectName(QStringLiteral("setupIntroLabel"));
    intro->setAccessibleName(tr("What Squint needs"));
    intro->setWordWrap(true);

    auto *automatic = new QLabel(tr("Squint also picks these up by itself when it starts: DATABRICKS_HOST and "
                                    "DATABRICKS_TOKEN, the profiles of ~/.databrickscfg, and OPENAI_API_KEY. Set one "
                                    "of them and restart Squint to skip this step."),
                                 this);
    automatic->setObjectName(QStringLiteral("setupEnvironmentLabel"));
    automatic->setAccessibleName(tr("Settings found automatically"));
    automatic->setWordWrap(true);

    auto radio = [this](const QString &text, const QString &objectName, const QString &tip) {
        auto *r = new QRadioButton(text, this);
        r->setObjectName(objectName);
        r->setAccessibleName(QString(text).remove(u'&'));
        r->setToolTip(tip);
        return r;
    };
    m_databricks = radio(tr("&Databricks workspace"), QStringLiteral("setupDatabricksChoice"),
                         tr("A workspace URL and a personal access token"));
    m_openai = radio(tr("&OpenAI"), QStringLiteral("setupOpenAIChoice"), tr("An OpenAI API key"));
    m_ollama = radio(tr("Ollama on this &computer"), QStringLiteral("setupOllamaChoice"),
                     tr("A local Ollama server; no token needed"));
    m_compatible = radio(tr("Other OpenAI-compatible &server"), QStringLiteral("setupCompatibleChoice"),
                         tr("vLLM, llama.cpp or any server with /v1/chat/completions: a base URL and an optional token"));
    m_choices = new QButtonGroup(this);
    m_choices->addButton(m_databricks, int(Connection::Kind::Databricks));
    m_choices->addButton(m_openai, int(Connection::Kind::OpenAI));
    m_choices->addButton(m_ollama, int(Connection::Kind::Ollama));
    m_choices->addButton(m_compatible, int(Connection::Kind::Compatible));

    m_editor = new ConnectionEditor(manager, this);
    m_editor->setObjectName(QStringLiteral("setupConnectionEditor"));

    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("setupResultLabel"));
    m_result->setAccessibleName(tr("Result"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_test = new QPushButton(tr("&Test"), this);
    m_test->setObjectName(QStringLiteral("setupTestButton"));
    m_test->setAccessibleName(tr("Test"));
    m_test->setToolTip(tr("Ask the server for its models with these settings"));
    m_save = new QPushButton(tr("Save and &Use"), this);
    m_save->setObjectName(QStringLiteral("setupSaveButton"));
    m_save->setAccessibleName(tr("Save and Use"));
    m_save->setDefault(true);

    auto *choices = new QVBoxLayout;
    choices->addWidget(m_databricks);
    choices->addWidget(m_openai);
    choices->addWidget(m_ollama);
    choices->addWidget(m_compatible);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_test);
    buttons->addWidget(m_save);

    // A readable column in the middle of the window, whatever its width.
    auto *column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(intro);
    column->addSpacing(8);
    column->addLayout(choices);
    column->addSpacing(8);
    column->addWidget(m_editor);
    column->addWidget(m_result);
    column->addLayout(buttons);
    column->addSpacing(8);
    column->addWidget(automatic);
    auto *content = new QWidget(this);
    content->setObjectName(QStringLiteral("setupContent"));
    content->setAccessibleName(tr("Set up a connection"));
    content->setLayout(column);
    content->setMaximumWidth(640);
    auto *outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(content, 4);
    outer->addStretch(1);

    connect(m_choices, &QButtonGroup::idClicked, this, [this](int id) { choose(static_cast<Connection::Kind>(id)); });
    connect(m_editor, &ConnectionEditor::changed, this, [this] {
        m_result->clear();
        updateButtons();
    });
    connect(m_test, &QPushButton::clicked, this, &SetupPanel::test);
    connect(m_save, &QPushButton::clicked, this, [this] { saveAndUse(); });
    connect(manager, &ConnectionManager::connectionsChanged, this, &SetupPanel::updateOllamaChoice);

    updateOllamaChoice();
    choose(manager->ollamaDetected() ? Connection::Kind::Ollama : Connection::Kind::Databricks);
}

void SetupPanel::choose(Connection::Kind kind)
{
    if (QAbstractButton *b = m_choices->button(int(kind)); b && !b->isChecked())
        b->setChecked(true);
    if (kind == Connection::Kind::Ollama) {
        // The server the probe asked (the usual http://localhost:11434/v1 outside tests).
        Connection c;
        c.kind = kind;
        c.name = tr("Ollama on this computer");
        c.baseUrl = m_manager ? m_manager->ollamaProbeUrl().toString() : defaultBaseUrl(kind);
        c.tokenSource = Connection::TokenSource::None;
        m_editor->setConnection(c);
    } else {
        m_editor->newConnection(kind);
    }
    abandonTest();
    m_result->clear();
    updateButtons();
}

void SetupPanel::updateOllamaChoice()
{
    const bool found = m_manager && m_manager->ollamaDetected();
    m_ollama->setText(found ? tr("Ollama on this &computer (found)") : tr("Ollama on this &computer (not running)"));
    m_ollama->setAccessibleName(QString(m_ollama->text()).remove(u'&'));
    m_ollama->setEnabled(found);
    m_ollama->setToolTip(found ? tr("Squint found an Ollama server at %1; no token needed.")
                                     .arg(m_manager->ollamaProbeUrl().toString())
                               : tr("No Ollama server answered at %1. Start Ollama, then restart Squint.")
                                     .arg(m_manager ? m_manager->ollamaProbeUrl().toString() : defaultBaseUrl(Connection::Kind::Ollama)));
    if (!found && m_ollama->isChecked())
        choose(Connection::Kind::Databricks);
}

void SetupPanel::test()
{
    if (!m_manager)
        return;
    const QString problem = m_editor->problem();
    if (!problem.isEmpty()) {
        showResult(false, problem);
        return;
    }
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

void SetupPanel::abandonTest()
{
    delete m_running.data();
}

bool SetupPanel::saveAndUse()
{
    if (!m_manager)
        return false;
    const QString problem = m_editor->problem();
    if (!problem.isEmpty()) {
        showResult(false, problem);
        return false;
    }
    const Connection c = m_editor->connection();
    m_manager->save(c, m_editor->token(), true);
    showResult(true, tr("Saved. Squint now sends requests to %1.").arg(c.name));
    emit done();
    return true;
}

void SetupPanel::updateButtons()
{
    const QString problem = m_editor->problem();
    m_save->setEnabled(problem.isEmpty());
    m_save->setToolTip(problem.isEmpty() ? tr("Save this connection and start using it") : problem);
    m_test->setEnabled(problem.isEmpty() && !m_running);
}

void SetupPanel::showResult(bool ok, const QString &text)
{
    m_result->setText(text);
    m_result->setStyleSheet(ok ? QString() : QStringLiteral("color: #c62828;"));
    m_result->setAccessibleDescription(text);
}

} // namespace squint
