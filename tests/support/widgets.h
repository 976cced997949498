// Finding the widgets of a window the way the tests drive them: by type and objectName.
#pragma once

#include <QAnyStringView>
#include <QObject>
#include <QString>
#include <QtGlobal>

namespace squint::test {

/// The descendant of `parent` of type T whose objectName is `name`, at any depth. Null when `parent`
/// is null or holds no such object; a warning then names what was looked for, so that a test failing
/// on a null pointer says which widget was missing.
template<typename T>
T *child(const QObject *parent, QAnyStringView name)
{
    const QString objectName = name.toString();
    T *found = parent ? parent->findChild<T *>(objectName) : nullptr;
    if (!found)
        qWarning("no %s called %s", T::staticMetaObject.className(), qPrintable(objectName));
    return found;
}

} // namespace squint::test
