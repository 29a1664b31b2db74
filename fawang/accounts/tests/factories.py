import factory

from fawang.accounts.enums import UserKind
from fawang.accounts.models import User, UserRole
from fawang.core.identity import mobile_index, normalise_mobile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Faker("name", locale="zh_CN")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            UserRole.objects.bulk_create([UserRole(user=self, role=r) for r in extracted])
        if create:
            self.save()


class StaffFactory(UserFactory):
    kind = UserKind.STAFF


class CitizenFactory(UserFactory):
    kind = UserKind.CITIZEN
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    phone_index = factory.LazyAttribute(lambda o: mobile_index(normalise_mobile(o.phone)))
