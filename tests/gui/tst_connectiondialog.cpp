// GUI test of the connection widgets (setup panel, Connections dialog, the form they share), driven
// through their real widgets found by objectName, against a real ConnectionManager, the in-memory
// keychain, a temporary settings file and the loopback fake of each backend. Runs offscreen.
#include "checked.h"
#include "core/connections/connectionmanager.h"
#include "core/connections/connections.h"
#include "core/connections/secretstore.h"
#include "core/util/settings.h"

#include "ui/connections/connectiondialog.h"
#include "ui/connections/connectioneditor.h"
#include "ui/connections/setuppanel.h"

#include "connectionworld.h"
#include "fakedatabricksauth.h"
#include "fakeendpoint.h"
#include "widgets.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace squint;
using namespace squint::test;
using namespace Qt::StringLiterals;

namespace {

// Fake tokens. Tests compare tokens with QVERIFY(a == b) so that a failure never prints one.
const QByteArray TypedToken = "sk-typed-into-squint-cccc";
const QByteArray WrongToken = "sk-wrong-token-eeee";
const QByteArray DatabricksToken = "dapi0123456789abcdef0123456789abcdef";
const QByteArray OpenAIKey = "sk-test-key-environment-bbbb";

constexpr int Wait = 5000;

/// Replaces the text of `edit` the way a user does: select all, type.
void retype(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Delete);
    else
        QTest::keyClicks(edit, text);
}

void chooseKind(QWidget *parent, Connection::Kind kind)
{
    auto *combo = child<QComboBox>(parent, u"connectionKindCombo"_s);
    QVERIFY(combo);
    const int index = combo->findData(int(kind));
    QVERIFY(index >= 0);
    combo->setFocus();
    combo->setCurrentIndex(index);
}

void clickRadio(QRadioButton *radio)
{
    // On the indicator: the middle of a wide radio button may lie outside its clickable area.
    QTest::mouseClick(radio, Qt::LeftButton, {}, QPoint(6, radio->height() / 2));
}

void clickItem(QListWidget *list, int row)
{
    QListWidgetItem *item = list->item(row);
    QVERIFY(item);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
}

int rowOf(QListWidget *list, const QString &id)
{
    for (int row = 0; row < list->count(); ++row) {
        if (list->item(row)->data(Qt::UserRole).toString() == id)
            return row;
    }
    return -1;
}

} // namespace

class TestConnectionDialog final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void setupPanelSavesCompatibleServer();
    void setupPanelOllamaChoice();
    void editorRefusesPlainHttp();
    void editorOffersProfiles();
    void editorAsksTokenForNewAddress();
    void dialogAddsTestsAndUses();
    void dialogListsAndRemoves();
    void dialogOffersTheThreeDatabricksSignIns();
    void dialogSavesServicePrincipal();
    void panelAndDialogTestingAtOnceEachShowTheirOwnAnswer();
};

void TestConnectionDialog::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestConnectionDialog::setupPanelSavesCompatibleServer()
{
    FakeChatEndpoint fake(Backend::VLLM);
    fake.setToken(TypedToken);
    ConnectionWorld w;
    QVERIFY(w.start());
    QVERIFY(w.manager->needsSetup());

    SetupPanel panel(w.manager.get());
    panel.resize(800, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy done(&panel, &SetupPanel::done);

    // The explanation, and what is picked up without asking.
    auto *intro = child<QLabel>(&panel, u"setupIntroLabel"_s);
    QVERIFY(intro && intro->text().startsWith(u"Squint needs a model endpoint."_s));
    auto *environment = child<QLabel>(&panel, u"setupEnvironmentLabel"_s);
    QVERIFY(environment);
    for (const QString &name : {u"DATABRICKS_HOST"_s, u"DATABRICKS_TOKEN"_s, u"~/.databrickscfg"_s, u"OPENAI_API_KEY"_s})
        QVERIFY2(environment->text().contains(name), qPrintable(name));

    auto *compatible = child<QRadioButton>(&panel, u"setupCompatibleChoice"_s);
    QVERIFY(compatible);
    clickRadio(compatible);
    QVERIFY(compatible->isChecked());
    auto *kind = child<QComboBox>(&panel, u"connectionKindCombo"_s);
    QCOMPARE(kind->currentData().toInt(), int(Connection::Kind::Compatible));

    auto *name = child<QLineEdit>(&panel, u"connectionNameEdit"_s);
    auto *url = child<QLineEdit>(&panel, u"connectionUrlEdit"_s);
    auto *token = child<QLineEdit>(&panel, u"tokenEdit"_s);
    auto *test = child<QPushButton>(&panel, u"setupTestButton"_s);
    auto *save = child<QPushButton>(&panel, u"setupSaveButton"_s);
    auto *result = child<QLabel>(&panel, u"setupResultLabel"_s);
    QVERIFY(name && url && token && test && save && result);
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    QVERIFY(token->isVisible());

    retype(name, u"Lab vLLM"_s);
    retype(url, fake.baseUrl().toString());
    QVERIFY(!child<QLabel>(&panel, u"connectionUrlProblemLabel"_s)->isVisible());
    QVERIFY(save->isEnabled()); // the token is optional for an OpenAI-compatible server

    // A wrong token: Test says what the server said.
    retype(token, QString::fromLatin1(WrongToken));
    QVERIFY(test->isEnabled());
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(u"401"_s), Wait);
    QVERIFY(!result->text().contains(QString::fromLatin1(WrongToken)));

    // The right one: connected, with the model count.
    retype(token, QString::fromLatin1(TypedToken));
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(u"Connected: 1 chat model"_s), Wait);
    QVERIFY(w.manager->connections().isEmpty()); // testing saves nothing

    QSignalSpy target(w.manager.get(), &ConnectionManager::targetChanged);
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(done.count(), 1);
    const std::optional<Connection> current = w.manager->current();
    QVERIFY(current.has_value());
    QCOMPARE(current->name, u"Lab vLLM"_s);
    QCOMPARE(current->kind, Connection::Kind::Compatible);
    QCOMPARE(current->baseUrl, fake.baseUrl().toString());
    QCOMPARE(current->tokenSource, Connection::TokenSource::Keychain);
    QVERIFY(w.secrets.peek(current->keychainKey()) == std::optional<QByteArray>(TypedToken));
    const QByteArray ini = w.iniBytes();
    QVERIFY(ini.contains("Lab vLLM"));
    QVERIFY(!ini.contains(TypedToken));
    QVERIFY(!w.manager->needsSetup());
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    const auto t = target.at(0).at(0).value<ChatTarget>();
    QCOMPARE(t.chatUrl, fake.chatUrl());
    QVERIFY(t.token == TypedToken);
}

void TestConnectionDialog::setupPanelOllamaChoice()
{
    {
        ConnectionWorld w;
        QVERIFY(w.start());
        SetupPanel panel(w.manager.get());
        panel.show();
        auto *ollama = child<QRadioButton>(&panel, u"setupOllamaChoice"_s);
        QVERIFY(ollama);
        QVERIFY(!ollama->isEnabled());
        QVERIFY(!ollama->text().contains(u"found"_s));
    }
    FakeChatEndpoint fake(Backend::Ollama);
    ConnectionWorld w;
    QVERIFY(w.start(fake.baseUrl()));
    SetupPanel panel(w.manager.get());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *ollama = child<QRadioButton>(&panel, u"setupOllamaChoice"_s);
    QVERIFY(ollama->isEnabled());
    QVERIFY2(ollama->text().contains(u"(found)"_s), qPrintable(ollama->text()));
    QVERIFY(ollama->isChecked()); // the easiest choice, already made

    QSignalSpy done(&panel, &SetupPanel::done);
    auto *url = child<QLineEdit>(&panel, u"connectionUrlEdit"_s);
    QCOMPARE(url->text(), fake.baseUrl().toString());
    QVERIFY(!child<QLineEdit>(&panel, u"tokenEdit"_s)->isVisible()); // no token for Ollama
    QTest::mouseClick(child<QPushButton>(&panel, u"setupSaveButton"_s), Qt::LeftButton);
    QCOMPARE(done.count(), 1);
    QCOMPARE(w.manager->current()->kind, Connection::Kind::Ollama);
    QCOMPARE(w.manager->current()->tokenSource, Connection::TokenSource::None);
    QVERIFY(w.manager->current()->persistent);
}

void TestConnectionDialog::editorRefusesPlainHttp()
{
    ConnectionWorld w;
    QVERIFY(w.start());
    QWidget window;
    window.resize(900, 600);
    window.show();
    auto *dialog = new ConnectionDialog(w.manager.get(), &window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    QCOMPARE(dialog->windowModality(), Qt::WindowModal);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));

    QTest::mouseClick(child<QPushButton>(dialog, u"addConnectionButton"_s), Qt::LeftButton);
    CHECKED(chooseKind(dialog, Connection::Kind::Compatible));
    auto *url = child<QLineEdit>(dialog, u"connectionUrlEdit"_s);
    auto *problem = child<QLabel>(dialog, u"connectionUrlProblemLabel"_s);
    auto *save = child<QPushButton>(dialog, u"saveConnectionButton"_s);
    auto *test = child<QPushButton>(dialog, u"testConnectionButton"_s);
    auto *use = child<QPushButton>(dialog, u"useConnectionButton"_s);
    QVERIFY(url && problem && save && test && use);

    retype(url, u"http://example.com/v1"_s);
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(u"https"_s) && problem->text().contains(u"example.com"_s),
             qPrintable(problem->text()));
    QVERIFY(!save->isEnabled());
    QVERIFY(!test->isEnabled());
    QVERIFY(!use->isEnabled());
    QCOMPARE(save->toolTip(), problem->text());
    QVERIFY(!dialog->editor()->problem().isEmpty());
    // A disabled Save really saves nothing.
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(w.manager->connections().isEmpty());

    // http is fine on this computer, https anywhere.
    retype(url, u"http://localhost:8080/v1"_s);
    QVERIFY(!problem->isVisible());
    QVERIFY(save->isEnabled());
    retype(url, u"https://example.com/v1"_s);
    QVERIFY(!problem->isVisible());
    QVERIFY(save->isEnabled());
    retype(url, u"ftp://example.com/v1"_s);
    QVERIFY(problem->isVisible());
    QVERIFY(!save->isEnabled());

    // Databricks: the host alone is enough (https is added), but a token is required.
    CHECKED(chooseKind(dialog, Connection::Kind::Databricks));
    retype(url, u"dbc-1234abcd-5678.cloud.databricks.com"_s);
    QVERIFY(!problem->isVisible());
    QVERIFY(!save->isEnabled());
    QCOMPARE(dialog->editor()->problem(), u"Enter the token."_s);
    retype(child<QLineEdit>(dialog, u"tokenEdit"_s), QString::fromLatin1(DatabricksToken));
    QVERIFY(save->isEnabled());
    QCOMPARE(dialog->editor()->connection().baseUrl, u"https://dbc-1234abcd-5678.cloud.databricks.com"_s);
    QVERIFY(dialog->editor()->token() == DatabricksToken);

    // The same rule in the setup panel.
    SetupPanel panel(w.manager.get());
    panel.show();
    clickRadio(child<QRadioButton>(&panel, u"setupCompatibleChoice"_s));
    retype(child<QLineEdit>(&panel, u"connectionUrlEdit"_s), u"http://example.com/v1"_s);
    QVERIFY(child<QLabel>(&panel, u"connectionUrlProblemLabel"_s)->isVisible());
    QVERIFY(!child<QPushButton>(&panel, u"setupSaveButton"_s)->isEnabled());
    QVERIFY(!child<QPushButton>(&panel, u"setupTestButton"_s)->isEnabled());
}

void TestConnectionDialog::editorOffersProfiles()
{
    ConnectionWorld w;
    QVERIFY(w.writeDatabricksConfig(
        "[work]\nhost = https://adb-123.4.azuredatabricks.net/\ntoken = " + DatabricksToken
        + "\n\n[play]\nhost = https://dbc-9.cloud.databricks.com\ntoken = dapi-other\n"));
    QVERIFY(w.start()); // neither [DEFAULT] nor a default_profile: no Databricks connection from the file
    QVERIFY(w.manager->connections().isEmpty());

    ConnectionEditor editor(w.manager.get());
    editor.show();
    auto *source = child<QComboBox>(&editor, u"tokenSourceCombo"_s);
    const int profileIndex = source->findData(int(Connection::TokenSource::DatabricksProfile));
    QVERIFY(profileIndex >= 0);
    source->setCurrentIndex(profileIndex);
    auto *profiles = child<QComboBox>(&editor, u"databricksProfileCombo"_s);
    QVERIFY(profiles->isVisible());
    QCOMPARE(profiles->count(), 2);
    QCOMPARE(profiles->itemData(0).toString(), u"work"_s);
    auto *url = child<QLineEdit>(&editor, u"connectionUrlEdit"_s);
    QCOMPARE(url->text(), u"https://adb-123.4.azuredatabricks.net"_s);
    profiles->setCurrentIndex(1);
    // The profile names its workspace: the address follows.
    QCOMPARE(url->text(), u"https://dbc-9.cloud.databricks.com"_s);
    QCOMPARE(editor.problem(), QString());
    const Connection c = editor.connection();
    QCOMPARE(c.tokenSource, Connection::TokenSource::DatabricksProfile);
    QCOMPARE(c.profile, u"play"_s);
    QVERIFY(editor.token().isEmpty());

    // A workspace the profile is not for is refused.
    retype(url, u"https://dbc-other.cloud.databricks.com"_s);
    QVERIFY(!editor.problem().isEmpty());
    QVERIFY(child<QLabel>(&editor, u"tokenProblemLabel"_s)->isVisible());
}

// A saved connection moved to another server: the saved token is not for it, so the editor asks
// for one (and gives none), while another path on the same server keeps it.
void TestConnectionDialog::editorAsksTokenForNewAddress()
{
    ConnectionWorld w;
    QVERIFY(w.start());
    const QString id = w.manager->save(keychainConnection(Connection::Kind::Compatible,
                                                          u"Lab"_s,
                                                          QUrl(u"https://llm.example.com/v1"_s)),
                                       "sk-saved-token-ffff",
                                       false);

    ConnectionEditor editor(w.manager.get());
    editor.show();
    editor.setConnection(*w.manager->connection(id));
    QCOMPARE(editor.problem(), QString());
    auto *url = child<QLineEdit>(&editor, u"connectionUrlEdit"_s);
    retype(url, u"https://llm.example.com/v2"_s);
    QCOMPARE(editor.problem(), QString());

    retype(url, u"https://other.example.net/v1"_s);
    QVERIFY2(editor.problem().contains(u"enter its token"_s), qPrintable(editor.problem()));
    QVERIFY(child<QLabel>(&editor, u"tokenProblemLabel"_s)->isVisible());
    QCOMPARE(child<QLineEdit>(&editor, u"tokenEdit"_s)->placeholderText(), u"Paste the token here"_s);
}

void TestConnectionDialog::dialogAddsTestsAndUses()
{
    FakeChatEndpoint fake(Backend::Databricks);
    fake.setToken(DatabricksToken);
    ConnectionWorld w;
    QVERIFY(w.start());
    QWidget window;
    window.show();
    ConnectionDialog dialog(w.manager.get(), &window);
    dialog.open();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *list = child<QListWidget>(&dialog, u"connectionList"_s);
    QCOMPARE(list->count(), 0);

    // No connection yet: the form starts a new one.
    QVERIFY(dialog.selectedId().isEmpty());
    QCOMPARE(child<QComboBox>(&dialog, u"connectionKindCombo"_s)->currentData().toInt(), int(Connection::Kind::Databricks));
    retype(child<QLineEdit>(&dialog, u"connectionNameEdit"_s), u"Fake workspace"_s);
    retype(child<QLineEdit>(&dialog, u"connectionUrlEdit"_s), fake.baseUrl().toString());
    retype(child<QLineEdit>(&dialog, u"tokenEdit"_s), QString::fromLatin1(DatabricksToken));

    auto *result = child<QLabel>(&dialog, u"connectionTestResultLabel"_s);
    QTest::mouseClick(child<QPushButton>(&dialog, u"testConnectionButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(u"Connected: 2 chat model"_s), Wait);

    QTest::mouseClick(child<QPushButton>(&dialog, u"saveConnectionButton"_s), Qt::LeftButton);
    QCOMPARE(list->count(), 1);
    const QString id = dialog.selectedId();
    QVERIFY(!id.isEmpty());
    QCOMPARE(list->currentRow(), 0);
    QVERIFY(list->item(0)->text().startsWith(u"Fake workspace"_s));
    QVERIFY(w.secrets.peek(w.manager->connection(id)->keychainKey()) == std::optional<QByteArray>(DatabricksToken));
    QVERIFY(!w.iniBytes().contains(DatabricksToken));
    // Saved: the token field is empty again, and the saved token is used when testing.
    auto *token = child<QLineEdit>(&dialog, u"tokenEdit"_s);
    QVERIFY(token->text().isEmpty());
    QVERIFY(token->placeholderText().contains(u"keychain"_s));
    QVERIFY(!child<QPushButton>(&dialog, u"saveConnectionButton"_s)->isEnabled()); // nothing changed since
    QTest::mouseClick(child<QPushButton>(&dialog, u"testConnectionButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(u"Connected: 2 chat model"_s), Wait);

    // The only connection is already in use (chosen automatically); Use remembers it.
    QCOMPARE(w.manager->currentId(), id);
    QVERIFY(list->item(0)->text().contains(u"in use"_s));
    auto *use = child<QPushButton>(&dialog, u"useConnectionButton"_s);
    QVERIFY(!use->isEnabled());

    // A second one, used straight away (saved on the way).
    QTest::mouseClick(child<QPushButton>(&dialog, u"addConnectionButton"_s), Qt::LeftButton);
    CHECKED(chooseKind(&dialog, Connection::Kind::OpenAI));
    QCOMPARE(child<QLineEdit>(&dialog, u"connectionUrlEdit"_s)->text(), defaultBaseUrl(Connection::Kind::OpenAI));
    retype(child<QLineEdit>(&dialog, u"tokenEdit"_s), QString::fromLatin1(TypedToken));
    QVERIFY(use->isEnabled());
    QSignalSpy target(w.manager.get(), &ConnectionManager::targetChanged);
    QTest::mouseClick(use, Qt::LeftButton);
    QCOMPARE(list->count(), 2);
    const QString second = dialog.selectedId();
    QVERIFY(second != id);
    QCOMPARE(w.manager->currentId(), second);
    QCOMPARE(w.manager->current()->kind, Connection::Kind::OpenAI);
    QTRY_COMPARE_WITH_TIMEOUT(target.count(), 1, Wait);
    QVERIFY(target.at(0).at(0).value<ChatTarget>().token == TypedToken);
    QCOMPARE(target.at(0).at(0).value<ChatTarget>().maxTokensField, u"max_completion_tokens"_s);

    // Back to the first through the list and Use.
    CHECKED(clickItem(list, rowOf(list, id)));
    QCOMPARE(dialog.selectedId(), id);
    QVERIFY(use->isEnabled());
    QTest::mouseClick(use, Qt::LeftButton);
    QCOMPARE(w.manager->currentId(), id);
    QCOMPARE(w.manager->connections().size(), 2); // nothing saved twice

    QTest::mouseClick(child<QPushButton>(&dialog, u"closeConnectionsButton"_s), Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
}

void TestConnectionDialog::dialogListsAndRemoves()
{
    ConnectionWorld w;
    w.env.insert(u"OPENAI_API_KEY"_s, QString::fromLatin1(OpenAIKey));
    QVERIFY(w.start());
    const Connection a = keychainConnection(Connection::Kind::Compatible,
                                            u"Alpha server"_s,
                                            QUrl(u"https://alpha.example.com/v1"_s));
    const QString alpha = w.manager->save(a, TypedToken, false);
    Connection b = a;
    b.name = u"Beta server"_s;
    b.baseUrl = u"https://beta.example.com/v1"_s;
    const QString beta = w.manager->save(b, TypedToken, false);
    const QString alphaKey = w.manager->connection(alpha)->keychainKey();

    QWidget window;
    window.show();
    ConnectionDialog dialog(w.manager.get(), &window);
    dialog.open();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *list = child<QListWidget>(&dialog, u"connectionList"_s);
    QCOMPARE(list->count(), 3);
    QCOMPARE(rowOf(list, u"env:openai"_s), 0);
    QVERIFY(list->item(0)->text().contains(u"from the environment"_s));
    QVERIFY(list->item(0)->text().contains(u"in use"_s));
    QCOMPARE(dialog.selectedId(), u"env:openai"_s); // the current one is shown first

    // The environment's connection: shown, not editable, not removable.
    auto *remove = child<QPushButton>(&dialog, u"removeConnectionButton"_s);
    QVERIFY(!remove->isEnabled());
    QVERIFY(child<QLineEdit>(&dialog, u"connectionUrlEdit"_s)->isReadOnly());
    QVERIFY(child<QLabel>(&dialog, u"connectionSourceLabel"_s)->isVisible());

    CHECKED(clickItem(list, rowOf(list, alpha)));
    QCOMPARE(dialog.selectedId(), alpha);
    QCOMPARE(child<QLineEdit>(&dialog, u"connectionNameEdit"_s)->text(), u"Alpha server"_s);
    QCOMPARE(child<QLineEdit>(&dialog, u"connectionUrlEdit"_s)->text(), u"https://alpha.example.com/v1"_s);
    QVERIFY(!child<QLineEdit>(&dialog, u"connectionUrlEdit"_s)->isReadOnly());
    QVERIFY(child<QLineEdit>(&dialog, u"tokenEdit"_s)->text().isEmpty()); // never shown back
    QVERIFY(remove->isEnabled());

    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(list->count(), 2);
    QCOMPARE(rowOf(list, alpha), -1);
    QVERIFY(rowOf(list, beta) >= 0);
    QVERIFY(!w.manager->connection(alpha).has_value());
    QVERIFY(!w.secrets.peek(alphaKey).has_value());
    QVERIFY(!w.iniBytes().contains(alpha.toLatin1()));
    QVERIFY(!dialog.selectedId().isEmpty()); // another connection is shown
    QVERIFY(child<QLabel>(&dialog, u"connectionTestResultLabel"_s)->text().contains(u"Alpha server"_s));

    // Renaming the other one: Save enables on the edit, the list follows.
    CHECKED(clickItem(list, rowOf(list, beta)));
    auto *save = child<QPushButton>(&dialog, u"saveConnectionButton"_s);
    QVERIFY(!save->isEnabled());
    retype(child<QLineEdit>(&dialog, u"connectionNameEdit"_s), u"Beta, renamed"_s);
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(dialog.selectedId(), beta);
    QCOMPARE(w.manager->connection(beta)->name, u"Beta, renamed"_s);
    QVERIFY(list->item(rowOf(list, beta))->text().startsWith(u"Beta, renamed"_s));
    QVERIFY(w.secrets.peek(w.manager->connection(beta)->keychainKey()) == std::optional<QByteArray>(TypedToken));
}

void TestConnectionDialog::dialogOffersTheThreeDatabricksSignIns()
{
    ConnectionWorld w;
    QVERIFY(w.start());
    ConnectionEditor editor(w.manager.get());
    CHECKED(chooseKind(&editor, Connection::Kind::Databricks));
    auto *source = child<QComboBox>(&editor, u"tokenSourceCombo"_s);
    for (const auto s : {Connection::TokenSource::Keychain, Connection::TokenSource::DatabricksCli,
                         Connection::TokenSource::ServicePrincipal})
        QVERIFY(source->findData(int(s)) >= 0);

    retype(child<QLineEdit>(&editor, u"connectionUrlEdit"_s), u"dbc-1234.cloud.databricks.com"_s);
    source->setCurrentIndex(source->findData(int(Connection::TokenSource::DatabricksCli)));
    QCOMPARE(editor.problem(), QString()); // nothing to type: the CLI signs in
    QVERIFY(child<QLabel>(&editor, u"databricksCliLabel"_s)
                ->text()
                .contains(u"databricks auth login --host https://dbc-1234.cloud.databricks.com"_s));
    QCOMPARE(editor.connection().tokenSource, Connection::TokenSource::DatabricksCli);
    QVERIFY(editor.token().isEmpty());

    // A saved personal access token is no client secret: switching asks for the secret.
    Connection saved;
    saved.id = newConnectionId();
    saved.kind = Connection::Kind::Databricks;
    saved.baseUrl = u"https://dbc-1234.cloud.databricks.com"_s;
    saved.tokenSource = Connection::TokenSource::Keychain;
    editor.setConnection(saved);
    QCOMPARE(editor.problem(), QString());
    source->setCurrentIndex(source->findData(int(Connection::TokenSource::ServicePrincipal)));
    retype(child<QLineEdit>(&editor, u"clientIdEdit"_s), u"sp-id"_s);
    QCOMPARE(editor.problem(), u"Enter the client secret."_s);
}

void TestConnectionDialog::dialogSavesServicePrincipal()
{
    const QByteArray clientId = "6731de76-14a6-49ae-97bc-6eba6914391e";
    const QByteArray secret = "dose-typed-client-secret-7777";
    FakeChatEndpoint fake(Backend::Databricks);
    FakeOidcEndpoint oidc(fake.server(), clientId, secret, [&fake](const QByteArray &t) { fake.setToken(t); });
    ConnectionWorld w;
    QVERIFY(w.start());
    QWidget window;
    window.show();
    ConnectionDialog dialog(w.manager.get(), &window);
    dialog.open();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    CHECKED(chooseKind(&dialog, Connection::Kind::Databricks));
    retype(child<QLineEdit>(&dialog, u"connectionUrlEdit"_s), fake.baseUrl().toString());
    auto *source = child<QComboBox>(&dialog, u"tokenSourceCombo"_s);
    source->setCurrentIndex(source->findData(int(Connection::TokenSource::ServicePrincipal)));
    auto *save = child<QPushButton>(&dialog, u"saveConnectionButton"_s);
    retype(child<QLineEdit>(&dialog, u"clientIdEdit"_s), QString::fromLatin1(clientId));
    QVERIFY(!save->isEnabled()); // no secret yet
    auto *secretEdit = child<QLineEdit>(&dialog, u"clientSecretEdit"_s);
    QCOMPARE(secretEdit->echoMode(), QLineEdit::Password);
    retype(secretEdit, QString::fromLatin1(secret));

    auto *result = child<QLabel>(&dialog, u"connectionTestResultLabel"_s);
    QTest::mouseClick(child<QPushButton>(&dialog, u"testConnectionButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(u"Connected: 2 chat model"_s), Wait);

    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    const QString id = dialog.selectedId();
    QVERIFY(!id.isEmpty());
    QCOMPARE(w.manager->connection(id)->tokenSource, Connection::TokenSource::ServicePrincipal);
    QCOMPARE(w.manager->connection(id)->clientId, QString::fromLatin1(clientId));
    // The secret went to the keychain like a token, never to the settings file.
    QVERIFY(w.secrets.peek(w.manager->connection(id)->keychainKey()) == std::optional<QByteArray>(secret));
    QVERIFY(!w.iniBytes().contains(secret));
    QVERIFY(secretEdit->text().isEmpty());
    QVERIFY(secretEdit->placeholderText().contains(u"keychain"_s));
    // The saved secret is used when testing again.
    QTest::mouseClick(child<QPushButton>(&dialog, u"testConnectionButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(u"Connected: 2 chat model"_s), Wait);
    for (const RecordedRequest &r : fake.server().requests()) {
        if (r.path != u"/oidc/v1/token"_s)
            QVERIFY(!r.header("Authorization").contains(secret) && !r.body.contains(secret));
    }
}

void TestConnectionDialog::panelAndDialogTestingAtOnceEachShowTheirOwnAnswer()
{
    FakeChatEndpoint fake(Backend::VLLM);
    fake.setToken(TypedToken);
    ConnectionWorld w;
    QVERIFY(w.start());
    // The setup panel with a wrong token...
    SetupPanel panel(w.manager.get());
    panel.resize(800, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    clickRadio(child<QRadioButton>(&panel, u"setupCompatibleChoice"_s));
    retype(child<QLineEdit>(&panel, u"connectionUrlEdit"_s), fake.baseUrl().toString());
    retype(child<QLineEdit>(&panel, u"tokenEdit"_s), QString::fromLatin1(WrongToken));
    // ...and the Connections dialog with the right one.
    QWidget window;
    window.resize(900, 600);
    window.show();
    auto *dialog = new ConnectionDialog(w.manager.get(), &window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTest::mouseClick(child<QPushButton>(dialog, u"addConnectionButton"_s), Qt::LeftButton);
    CHECKED(chooseKind(dialog, Connection::Kind::Compatible));
    retype(child<QLineEdit>(dialog, u"connectionNameEdit"_s), u"Lab vLLM"_s);
    retype(child<QLineEdit>(dialog, u"connectionUrlEdit"_s), fake.baseUrl().toString());
    retype(child<QLineEdit>(dialog, u"tokenEdit"_s), QString::fromLatin1(TypedToken));

    // Both tested before either answers: each shows the answer to its own test.
    auto *panelTest = child<QPushButton>(&panel, u"setupTestButton"_s);
    auto *dialogTest = child<QPushButton>(dialog, u"testConnectionButton"_s);
    QVERIFY(panelTest && dialogTest && panelTest->isEnabled() && dialogTest->isEnabled());
    QTest::mouseClick(panelTest, Qt::LeftButton);
    QTest::mouseClick(dialogTest, Qt::LeftButton);
    QVERIFY(!panelTest->isEnabled() && !dialogTest->isEnabled()); // while their tests run
    auto *panelResult = child<QLabel>(&panel, u"setupResultLabel"_s);
    auto *dialogResult = child<QLabel>(dialog, u"connectionTestResultLabel"_s);
    QTRY_VERIFY_WITH_TIMEOUT(panelResult->text().contains(u"401"_s), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(dialogResult->text().startsWith(u"Connected: 1 chat model"_s), Wait);
    QVERIFY(panelTest->isEnabled() && dialogTest->isEnabled());
    QVERIFY(!panelResult->text().contains(u"Connected"_s));
    QCOMPARE(fake.server().requests().size(), 2);
}

QTEST_MAIN(TestConnectionDialog)
#include "tst_connectiondialog.moc"
