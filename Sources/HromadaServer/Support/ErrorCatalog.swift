import HTTPTypes
import HromadaDomain

/// For each stable error code: the HTTP status and the localised title clients show.
enum ErrorCatalog {
    struct Entry {
        let status: HTTPResponse.Status
        let title: LocalizedText
    }

    /// Exhaustive on purpose: a new code does not compile until it has a status and a title here.
    static func entry(for code: HromadaError.Code) -> Entry {
        switch code {
        case .malformedRequest:
            Entry(status: .badRequest, title: .init(uk: "Некоректний запит", en: "Malformed request"))
        case .validationFailed:
            Entry(status: .unprocessableContent, title: .init(uk: "Дані не пройшли перевірку", en: "The data did not pass validation"))
        case .unauthenticated:
            Entry(status: .unauthorized, title: .init(uk: "Потрібно увійти", en: "Sign-in required"))
        case .invalidCredentials:
            Entry(status: .unauthorized, title: .init(uk: "Неправильна адреса або пароль", en: "Wrong email or password"))
        case .forbidden:
            Entry(status: .forbidden, title: .init(uk: "Недостатньо прав", en: "Not allowed"))
        case .notFound:
            Entry(status: .notFound, title: .init(uk: "Не знайдено", en: "Not found"))
        case .methodNotAllowed:
            Entry(status: .methodNotAllowed, title: .init(uk: "Метод не підтримується", en: "Method not allowed"))
        case .conflict:
            Entry(status: .conflict, title: .init(uk: "Конфлікт зі станом даних", en: "Conflict with the current state"))
        case .payloadTooLarge:
            Entry(status: .contentTooLarge, title: .init(uk: "Запит завеликий", en: "Request body too large"))
        case .unsupportedMediaType:
            Entry(status: .unsupportedMediaType, title: .init(uk: "Непідтримуваний тип вмісту", en: "Unsupported content type"))
        case .notAcceptable:
            Entry(status: .notAcceptable, title: .init(uk: "Неприйнятний формат відповіді", en: "Response format not acceptable"))
        case .tooManyRequests:
            Entry(status: .tooManyRequests, title: .init(uk: "Забагато спроб", en: "Too many requests"))
        case .databaseUnavailable, .serializationFailure:
            Entry(status: .serviceUnavailable, title: .init(uk: "Сервіс тимчасово недоступний", en: "Service temporarily unavailable"))
        case .serverBusy:
            Entry(status: .serviceUnavailable, title: .init(uk: "Сервер перевантажено", en: "Server busy"))
        case .emailTaken:
            Entry(status: .conflict, title: .init(uk: "Адресу вже використано", en: "Email already in use"))
        case .tokenExpired:
            Entry(status: .gone, title: .init(uk: "Посилання більше не діє", en: "The link is no longer valid"))
        case .courseNotYours:
            Entry(status: .forbidden, title: .init(uk: "Це не ваш курс", en: "This course is not yours"))
        case .programmeNotYours:
            Entry(status: .forbidden, title: .init(uk: "Це не ваша програма", en: "This programme is not yours"))
        case .versionExists:
            Entry(status: .conflict, title: .init(uk: "Цю версію вже опубліковано", en: "This version is already published"))
        case .enrolmentWithdrawn:
            Entry(status: .conflict, title: .init(uk: "Запис на курс відкликано", en: "Enrolment withdrawn"))
        case .cohortNotStarted:
            Entry(status: .conflict, title: .init(uk: "Навчання групи ще не почалося", en: "The cohort has not started yet"))
        case .cohortEnded:
            Entry(status: .conflict, title: .init(uk: "Навчання групи завершилося", en: "The cohort has ended"))
        case .attemptsExhausted:
            Entry(status: .conflict, title: .init(uk: "Спроби вичерпано", en: "No attempts left"))
        case .attemptOverdue:
            Entry(status: .conflict, title: .init(uk: "Час спроби минув", en: "The attempt's time is up"))
        case .attemptClosed:
            Entry(status: .conflict, title: .init(uk: "Спробу вже завершено", en: "The attempt is already closed"))
        case .attemptNotSubmitted:
            Entry(status: .conflict, title: .init(uk: "Спробу ще не подано", en: "The attempt has not been submitted"))
        case .invalidSerial:
            Entry(status: .unprocessableContent, title: .init(uk: "Неправильний номер сертифіката", en: "Invalid certificate serial"))
        case .certificatePending:
            Entry(status: .conflict, title: .init(uk: "Сертифікат ще підписується", en: "The certificate is still being signed"))
        case .certificateNotRevocable:
            Entry(status: .conflict, title: .init(uk: "Сертифікат не можна відкликати", en: "The certificate cannot be revoked"))
        case .registrationClosed:
            Entry(status: .conflict, title: .init(uk: "Реєстрацію на подію закрито", en: "Registration for the event is closed"))
        case .checkInClosed:
            Entry(status: .conflict, title: .init(uk: "Відмітка на цьому занятті зараз не відкрита", en: "Check-in for this session is not open now"))
        case .checkInCodeInvalid:
            Entry(status: .unprocessableContent, title: .init(uk: "Неправильний або застарілий код відмітки", en: "Wrong or stale check-in code"))
        case .planNotDraft:
            Entry(status: .conflict, title: .init(uk: "Програма не є чернеткою", en: "The programme is not a draft"))
        case .planNotSubmitted:
            Entry(status: .conflict, title: .init(uk: "Програму не подано", en: "The programme has not been submitted"))
        case .recordNotPending:
            Entry(status: .conflict, title: .init(uk: "Рішення щодо запису вже ухвалено", en: "The record is already decided"))
        case .idempotencyKeyReused:
            Entry(status: .unprocessableContent, title: .init(
                uk: "Ключ ідемпотентності вже використано для іншого запиту",
                en: "Idempotency key already used for a different request"
            ))
        case .internalError:
            Entry(status: .internalServerError, title: .init(uk: "Внутрішня помилка сервера", en: "Internal server error"))
        }
    }

    /// A default detail for codes whose title alone leaves the reader guessing.
    static func defaultDetail(for code: HromadaError.Code) -> LocalizedText? {
        switch code {
        case .unauthenticated:
            .init(uk: "Надішліть дійсний токен у заголовку Authorization: Bearer.",
                  en: "Send a valid token in the Authorization: Bearer header.")
        case .databaseUnavailable:
            .init(uk: "База даних зараз недоступна. Спробуйте ще раз за кілька секунд.",
                  en: "The database cannot be reached right now. Try again in a few seconds.")
        case .serializationFailure:
            .init(uk: "Запит зіткнувся з іншим. Спробуйте ще раз.",
                  en: "The request collided with another one. Try again.")
        case .internalError:
            .init(uk: "Сталася непередбачена помилка; її записано в журнал.",
                  en: "An unexpected error occurred; it has been logged.")
        case .serverBusy:
            .init(uk: "Сервер зараз обробляє забагато входів. Спробуйте ще раз за кілька секунд.",
                  en: "The server is handling too many sign-ins right now. Try again in a few seconds.")
        case .tokenExpired:
            .init(uk: "Посилання вже використано, замінено новим або його строк минув. Попросіть новий лист.",
                  en: "The link has been used, replaced by a newer one, or has expired. Ask for a new message.")
        case .tooManyRequests:
            .init(uk: "Зачекайте трохи й спробуйте знову.",
                  en: "Wait a little and try again.")
        default:
            nil
        }
    }
}
