"""Arabic translations of the most-used interface strings (navigation, sign-in, home, errors).

Run `python devtools/translations_ar.py` after `make messages` to fill them into locale/ar; strings not
listed here stay in English until a translator completes the file.
"""

from pathlib import Path

import polib

AR = {
    "Waypoint": "ويبوينت",
    "Home": "الرئيسية",
    "My work": "عملي",
    "Screening": "الفحص",
    "Cases": "الحالات",
    "Referrals": "الإحالات",
    "Services": "الخدمات",
    "Criminal cases": "القضايا الجنائية",
    "Action plan": "خطة العمل",
    "Statistics": "الإحصاءات",
    "Import and export": "الاستيراد والتصدير",
    "Audit log": "سجل التدقيق",
    "Administration": "الإدارة",
    "Sign in": "تسجيل الدخول",
    "Sign in to Waypoint": "تسجيل الدخول إلى ويبوينت",
    "Sign out": "تسجيل الخروج",
    "Language": "اللغة",
    "Change": "تغيير",
    "Switch": "تبديل",
    "Acting for": "تعمل باسم",
    "Skip to main content": "انتقل إلى المحتوى الرئيسي",
    "Main": "الرئيسي",
    "API": "واجهة البرمجة",
    "About Waypoint, licences and data standards": "حول ويبوينت والتراخيص ومعايير البيانات",
    "Welcome, %(name)s": "مرحبًا، %(name)s",
    "You are acting for %(organisation)s.": "أنت تعمل باسم %(organisation)s.",
    "Your roles here": "أدوارك هنا",
    "Where to go": "إلى أين تذهب",
    "No roles.": "لا أدوار.",
    "Not found": "غير موجود",
    "There is nothing here, or it is not shared with you.": "لا يوجد شيء هنا، أو أنه غير مشارك معك.",
    "Back to the home page": "العودة إلى الصفحة الرئيسية",
    "You cannot do this": "لا يمكنك القيام بذلك",
    "Your account": "حسابك",
    "Organisations and roles": "المنظمات والأدوار",
    "Organisation": "المنظمة",
    "Role": "الدور",
    "Change your password": "غيّر كلمة المرور",
    "Change password": "تغيير كلمة المرور",
    "Current password": "كلمة المرور الحالية",
    "New password": "كلمة المرور الجديدة",
    "Two-factor authentication": "المصادقة الثنائية",
    "Enter your code": "أدخل الرمز",
    "Code": "الرمز",
    "Continue": "متابعة",
    "Confirm": "تأكيد",
    "Save": "حفظ",
    "Search": "بحث",
    "Previous": "السابق",
    "Next": "التالي",
    "Page %(number)s of %(total)s": "الصفحة %(number)s من %(total)s",
    "optional": "اختياري",
    "Please correct the fields marked below.": "يرجى تصحيح الحقول المشار إليها أدناه.",
    "English": "الإنجليزية",
    "Arabic": "العربية",
    "Maltese": "المالطية",
    "Malay": "الملايوية",
    "Yes": "نعم",
    "No": "لا",
    "Unknown": "غير معروف",
}


def main() -> None:
    path = Path(__file__).resolve().parents[1] / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    filled = 0
    for entry in catalogue:
        if entry.msgid in AR and not entry.msgid_plural:
            entry.msgstr = AR[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
    catalogue.metadata_is_fuzzy = False
    catalogue.metadata["Language"] = "ar"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.save()
    print(f"{filled} Arabic strings filled in {path}")


if __name__ == "__main__":
    main()
